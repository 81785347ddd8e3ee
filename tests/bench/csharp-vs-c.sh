#!/usr/bin/env bash
# Host benchmark: time per inference of every shared model as generated C (gcc -O2, the host
# target's flags) and as generated C# published with NativeAOT for this machine, measured in one
# run. Each harness run reports the median of SAMPLES samples (default 31); the two binaries run
# alternately ROUNDS times (default 5, env) and the table shows the median of those medians, so
# a burst of load on a shared machine hits both sides alike. Prints a Markdown table.
# Usage: [ROUNDS=5] tests/bench/csharp-vs-c.sh [SAMPLES] [MODEL...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${EDGEGEN_SHARED:-$root/../shared}"
samples="${1:-31}"; shift || true
rounds="${ROUNDS:-5}"
models=("$@")
[ ${#models[@]} -gt 0 ] || models=($(cd "$shared/models" && ls -d */ | tr -d / | while read -r m; do [ -f "$m/manifest.json" ] && echo "$m"; done))
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "| model | MACs | C gcc -O2 (µs) | C# NativeAOT (µs) | C# / C |"  # medians
echo "|---|---:|---:|---:|---:|"
for m in "${models[@]}"; do
  dir="$shared/models/$m"
  file="$dir/$(python3 -c "import json,sys;print(json.load(open('$dir/manifest.json'))['model_file'])")"
  input="$dir/$(python3 -c "import json,sys;print(json.load(open('$dir/manifest.json'))['cases'][0]['input'])")"
  "$root/edgegen" build "$file" --target host --out "$work/$m-c" >/dev/null 2>&1
  in_bytes=$(stat -c %s "$input")
  out_bytes=$(sed -n 's/^#define [A-Z0-9_]*_OUTPUT0_SIZE \([0-9]*\)$/\1/p' "$work/$m-c/model.h")
  name=$(sed -n 's/^int \([A-Za-z0-9_]*\)_invoke(.*/\1/p' "$work/$m-c/model.h")
  gcc -O2 -std=c99 -I"$work/$m-c" -DINVOKE="${name}_invoke" -DIN_BYTES="$in_bytes" -DOUT_BYTES="$out_bytes" \
      "$work/$m-c/model.c" "$root/tests/bench/c_timing_main.c" -o "$work/$m-c/bench"
  "$root/edgegen" build "$file" --lang csharp --target host --out "$work/$m-cs" >/dev/null 2>&1
  dotnet publish "$work/$m-cs" -c Release -r linux-x64 -p:PublishAot=true -o "$work/$m-cs/publish" -nologo -v quiet >/dev/null
  macs=$(python3 -c "import json;print(json.load(open('$work/$m-cs/edgegen.json'))['macs'])")
  c_runs=(); cs_runs=()
  for _ in $(seq "$rounds"); do
    c_runs+=("$("$work/$m-c/bench" "$input" "$samples")")
    cs_runs+=("$("$work/$m-cs/publish/$name" "$input" "$work/out.bin" --repeat "$samples" | sed -n 's/^EDGEGEN ns_per_inference=//p')")
  done
  python3 - "$m" "$macs" "${c_runs[*]}" "${cs_runs[*]}" <<'PY'
import statistics, sys
m, macs, c, cs = sys.argv[1], int(sys.argv[2]), [float(v) for v in sys.argv[3].split()], [float(v) for v in sys.argv[4].split()]
c_ns, cs_ns = statistics.median(c), statistics.median(cs)
print(f"| {m} | {macs:,} | {c_ns / 1000:,.2f} | {cs_ns / 1000:,.2f} | {cs_ns / c_ns:.2f} |")
PY
done
echo
echo "$(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) at the end; $rounds rounds of $samples samples"
