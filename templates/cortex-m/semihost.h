/* Minimal ARM semihosting layer (bkpt 0xAB, M-profile). No libc needed. */
#ifndef SEMIHOST_H
#define SEMIHOST_H
#include <stdint.h>

/* SYS_OPEN modes (ISO C fopen mode index) */
enum { SEMI_MODE_RB = 1, SEMI_MODE_WB = 5, SEMI_MODE_AB = 9 };

int      semi_open(const char *path, int mode);          /* handle, or -1 */
int      semi_close(int fd);                             /* 0 on success */
uint32_t semi_write(int fd, const void *buf, uint32_t n); /* bytes written */
uint32_t semi_read(int fd, void *buf, uint32_t n);        /* bytes read */
int32_t  semi_flen(int fd);                              /* length, or -1 */
void     semi_write0(const char *s);                     /* NUL-terminated to console */
int      semi_get_cmdline(char *buf, uint32_t size);     /* 0 on success */
__attribute__((noreturn)) void semi_exit(int code);

/* tiny printing helpers (built on SYS_WRITE0) */
void semi_put_u64(uint64_t v);
void semi_put_i64(int64_t v);
void semi_put_hex(uint32_t v);
#endif
