/* Timing harness for a generated C model, the same method as the generated C# harness's --repeat:
 * 3 warm-up inferences, then N samples of back-to-back inferences lasting about 0.2 ms each; prints
 * the median time per inference in ns. Build: gcc -O2 -I PROJECT -DINVOKE=NAME_invoke
 * -DIN_BYTES=.. -DOUT_BYTES=.. PROJECT/model.c c_timing_main.c. Used by csharp-vs-c.sh. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
#include "model.h"
#ifndef INVOKE
#error define INVOKE
#endif
static double now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static int8_t in[IN_BYTES], out[OUT_BYTES];
int main(int argc, char **argv)
{
    FILE *f = fopen(argv[1], "rb"); if (!f || fread(in, 1, IN_BYTES, f) != IN_BYTES) return 2; fclose(f);
    int samples = atoi(argv[2]);
    double t0 = now_ns(); for (int i = 0; i < 3; i++) INVOKE(in, out); double once = (now_ns() - t0) / 3;
    long batch = (long)(200000 / (once < 1 ? 1 : once)); if (batch < 1) batch = 1; if (batch > 100000) batch = 100000;
    double *times = malloc(sizeof(double) * samples);
    for (int s = 0; s < samples; s++) { double a = now_ns(); for (long i = 0; i < batch; i++) INVOKE(in, out); times[s] = (now_ns() - a) / batch; }
    qsort(times, samples, sizeof(double), cmp);
    printf("%.1f\n", samples % 2 ? times[samples / 2] : (times[samples / 2 - 1] + times[samples / 2]) / 2);
    return 0;
}
