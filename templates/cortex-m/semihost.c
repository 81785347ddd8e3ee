/* Minimal ARM semihosting layer. Operation numbers from the Arm semihosting
 * specification; on M-profile the trap instruction is "bkpt 0xAB", r0 = op,
 * r1 = argument (usually a pointer to a block of 32-bit words). */
#include "semihost.h"

#define SYS_OPEN          0x01
#define SYS_CLOSE         0x02
#define SYS_WRITE0        0x04
#define SYS_WRITE         0x05
#define SYS_READ          0x06
#define SYS_FLEN          0x0C
#define SYS_GET_CMDLINE   0x15
#define SYS_EXIT          0x18 /* angel_SWIreason_ReportException */
#define SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit  0x20026
#define ADP_Stopped_RunTimeErrorUnknown 0x20023

static inline int32_t semi_call(int32_t op, const void *arg)
{
    register int32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static uint32_t slen(const char *s) { uint32_t n = 0; while (s[n]) n++; return n; }

int semi_open(const char *path, int mode)
{
    uint32_t blk[3] = { (uint32_t)(uintptr_t)path, (uint32_t)mode, slen(path) };
    return semi_call(SYS_OPEN, blk);
}

int semi_close(int fd)
{
    uint32_t blk[1] = { (uint32_t)fd };
    return semi_call(SYS_CLOSE, blk);
}

/* SYS_WRITE / SYS_READ return the number of bytes NOT transferred. */
uint32_t semi_write(int fd, const void *buf, uint32_t n)
{
    uint32_t blk[3] = { (uint32_t)fd, (uint32_t)(uintptr_t)buf, n };
    return n - (uint32_t)semi_call(SYS_WRITE, blk);
}

uint32_t semi_read(int fd, void *buf, uint32_t n)
{
    uint32_t blk[3] = { (uint32_t)fd, (uint32_t)(uintptr_t)buf, n };
    int32_t r = semi_call(SYS_READ, blk);
    return (r < 0 || (uint32_t)r > n) ? 0 : n - (uint32_t)r;
}

int32_t semi_flen(int fd)
{
    uint32_t blk[1] = { (uint32_t)fd };
    return semi_call(SYS_FLEN, blk);
}

void semi_write0(const char *s) { semi_call(SYS_WRITE0, s); }

int semi_get_cmdline(char *buf, uint32_t size)
{
    uint32_t blk[2] = { (uint32_t)(uintptr_t)buf, size };
    return semi_call(SYS_GET_CMDLINE, blk);
}

void semi_exit(int code)
{
    /* SYS_EXIT_EXTENDED carries the exit code on 32-bit targets. If the host
     * does not implement it, fall back to SYS_EXIT, which on A32/T32 only
     * distinguishes success from failure. */
    uint32_t blk[2] = { ADP_Stopped_ApplicationExit, (uint32_t)code };
    semi_call(SYS_EXIT_EXTENDED, blk);
    semi_call(SYS_EXIT, (const void *)(uintptr_t)(code == 0
              ? ADP_Stopped_ApplicationExit : ADP_Stopped_RunTimeErrorUnknown));
    for (;;) __asm__ volatile("bkpt 0");
}

void semi_put_u64(uint64_t v)
{
    char b[24];
    int i = 23;
    b[i] = 0;
    do { b[--i] = (char)('0' + v % 10u); v /= 10u; } while (v);
    semi_write0(&b[i]);
}

void semi_put_i64(int64_t v)
{
    if (v < 0) { semi_write0("-"); semi_put_u64((uint64_t)(-(v + 1)) + 1u); }
    else semi_put_u64((uint64_t)v);
}

void semi_put_hex(uint32_t v)
{
    char b[11] = "0x";
    for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15u];
    b[10] = 0;
    semi_write0(b);
}
