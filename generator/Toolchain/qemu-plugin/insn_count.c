/* QEMU TCG plugin: exact count of guest instructions executed between entry
 * to a start marker and entry to an end marker (addresses from nm).
 *   -plugin file=insn_count.so,start=0xADDR,end=0xADDR[,out=FILE]
 * Prints "insn_count: interval K insns N" at each end marker and the total
 * at exit. Every translated block adds its length to a counter inline; the
 * blocks that contain a marker instead call back, snapshot the counter at
 * the marker instruction, then add their length. Single-vCPU guests only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin-min.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t counter;          /* instructions executed so far */
static uint64_t marker[2];        /* start, end (bit 0 cleared: Thumb) */
static uint64_t start_snap;
static int in_interval, n_intervals;
static FILE *out;

/* userdata packs: marker kind (bit 0: 0=start 1=end), index of the marker
 * instruction in the block, and the block length. */
#define PACK(kind, idx, n) ((void *)(uintptr_t)(((uint64_t)(n) << 32) | ((idx) << 1) | (kind)))

static void emit(const char *s)
{
    if (out) { fputs(s, out); fflush(out); }
    else qemu_plugin_outs(s);
}

static void marker_exec(unsigned int vcpu, void *ud)
{
    uint64_t v = (uint64_t)(uintptr_t)ud;
    uint64_t at = counter + ((v & 0xffffffffu) >> 1);   /* count before marker insn */
    (void)vcpu;
    if ((v & 1) == 0) {
        start_snap = at;
        in_interval = 1;
    } else if (in_interval) {
        char buf[96];
        in_interval = 0;
        snprintf(buf, sizeof buf, "insn_count: interval %d insns %llu\n",
                 ++n_intervals, (unsigned long long)(at - start_snap));
        emit(buf);
    }
    counter += v >> 32;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (size_t i = 0; i < n; i++) {
        uint64_t pc = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i)) & ~1ull;
        for (int k = 0; k < 2; k++) {
            if (pc == marker[k]) {
                qemu_plugin_register_vcpu_tb_exec_cb(tb, marker_exec,
                        QEMU_PLUGIN_CB_NO_REGS, PACK(k, i, n));
                return;   /* a block holds at most one marker in practice */
            }
        }
    }
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                             &counter, n);
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    char buf[96];
    (void)id; (void)ud;
    snprintf(buf, sizeof buf, "insn_count: total insns %llu intervals %d\n",
             (unsigned long long)counter, n_intervals);
    emit(buf);
    if (out) fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strncmp(a, "arg=", 4)) a += 4;   /* old "arg=key=value" syntax */
        if (!strncmp(a, "start=", 6)) marker[0] = strtoull(a + 6, NULL, 0) & ~1ull;
        else if (!strncmp(a, "end=", 4)) marker[1] = strtoull(a + 4, NULL, 0) & ~1ull;
        else if (!strncmp(a, "out=", 4)) out = fopen(a + 4, "w");
        else { fprintf(stderr, "insn_count: unknown argument %s\n", a); return -1; }
    }
    if (!marker[0] || !marker[1]) {
        fprintf(stderr, "insn_count: need start=ADDR,end=ADDR\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
