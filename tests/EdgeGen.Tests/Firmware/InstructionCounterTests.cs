using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// The exact instruction counter of the Cortex-A targets (the TCG plugin under qemu-aarch64) is
/// checked on a loop of known length: `subs; b.ne` is two instructions per iteration, so the count
/// for N iterations minus the count for none must be exactly 2N (the call framing cancels out).
/// </summary>
public class InstructionCounterTests
{
    private const int Iterations = 1_000_000;

    private static readonly string LoopProgram = $$"""
        #include <stdint.h>
        #include <stdlib.h>

        void loop_a64(uint64_t n);
        __asm__(".text\n"
                ".global loop_a64\n"
                ".type loop_a64, %function\n"
                "loop_a64:\n"
                "    cbz  x0, 2f\n"
                "1:  subs x0, x0, #1\n"
                "    b.ne 1b\n"
                "2:  ret\n"
                ".size loop_a64, .-loop_a64\n");

        __attribute__((noinline, noipa)) void {{InsnCountPlugin.StartMarker}}(void) { __asm__ volatile("" ::: "memory"); }
        __attribute__((noinline, noipa)) void {{InsnCountPlugin.EndMarker}}(void) { __asm__ volatile("" ::: "memory"); }

        __attribute__((noinline)) static void measure(uint64_t n)
        {
            {{InsnCountPlugin.StartMarker}}();
            loop_a64(n);
            {{InsnCountPlugin.EndMarker}}();
        }

        int main(int argc, char **argv)
        {
            measure(0);
            measure(argc > 1 ? strtoull(argv[1], NULL, 0) : 0);
            return 0;
        }

        """;

    public static IEnumerable<object[]> CortexA() => TargetCatalog.Targets.Where(t => t.IsCortexA).Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(CortexA))]
    public void Plugin_counts_a_loop_of_known_length_exactly(string targetName)
    {
        var target = TargetCatalog.Find(targetName);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("loop.c"), LoopProgram);
        var cc = ProcessRunner.Run(target.Compiler, target.CFlags.Concat(new[] { "-Wall", "-Wextra", "-Werror", "loop.c", "-o", "loop" }).Concat(target.LdFlags), dir.Path);
        Assert.True(cc.ExitCode == 0, cc.StandardError);

        var (result, intervals) = TargetRunner.RunUserMode(target, dir.File("loop"), new[] { Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) }, dir.Path);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(2, intervals.Count);
        Assert.InRange(intervals[0], 1, 20); // the framing: marker return, call, cbz, ret, call
        Assert.Equal(2L * Iterations, intervals[1] - intervals[0]);
    }
}
