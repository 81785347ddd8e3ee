using EdgeGen.Pipeline;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// A generated Cortex-A project also builds the way a Raspberry Pi user would build it with CMake
/// (here cross-configured with the generated toolchain.cmake), and that program, run under
/// qemu-aarch64, writes the reference interpreter's output.
/// </summary>
public class CortexAProjectTests
{
    [Fact]
    public void Cmake_build_of_a_cortex_a_project_matches_reference()
    {
        var c = NeonKernelGraphs.Get("conv_3x3_same_cin16_cout19_batch2");
        var target = TargetCatalog.Find("cortex-a76");
        using var dir = new TempDirectory();
        var project = Compiler.Generate(c.Graph, target, dir.File("project"));
        var build = dir.File("build");
        var configure = ProcessRunner.Run("cmake", new[] { "-S", project.Directory, "-B", build, "-DCMAKE_TOOLCHAIN_FILE=toolchain.cmake" }, project.Directory);
        Assert.True(configure.ExitCode == 0, configure.StandardOutput + configure.StandardError);
        var make = ProcessRunner.Run("cmake", new[] { "--build", build }, project.Directory);
        Assert.True(make.ExitCode == 0, make.StandardOutput + make.StandardError);

        File.WriteAllBytes(dir.File("in.bin"), c.Input);
        var qemu = target.Qemu!;
        var run = ProcessRunner.Run(qemu.Binary, new[] { "-cpu", qemu.Cpu! }.Concat(qemu.ExtraArgs).Concat(new[] { Path.Combine(build, "model"), "in.bin", "out.bin" }), dir.Path);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], File.ReadAllBytes(dir.File("out.bin")));
    }
}
