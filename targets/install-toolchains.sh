#!/usr/bin/env bash
# Installs the Debian packages EdgeGen's targets need (idempotent: installs only what is missing).
# Used by .ci/run and, when a toolchain is missing and we run as root, by edgegen itself.
set -euo pipefail
packages=(gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm qemu-user
          gcc-aarch64-linux-gnu libc6-dev-arm64-cross make gcc cmake
          clang)  # clang: the NativeAOT linker driver (generated C#, linux-x64 and linux-arm64)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "edgegen: missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "edgegen: installing ${missing[*]} (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
