using EdgeGen.Pipeline;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>The generated CMakeLists.txt builds the same program as the Makefile: natively for the host, cross for Cortex-M.</summary>
public class CMakeProjectTests
{
    [Fact]
    public void Host_project_builds_with_cmake_and_matches_reference()
    {
        var c = OperatorGraphs.Get("conv_2d");
        using var dir = new TempDirectory();
        var project = Compiler.Generate(c.Graph, TargetCatalog.Find("host"), dir.File("p"));
        CMake(project.Directory, "build");
        File.WriteAllBytes(dir.File("in.bin"), c.Input);
        var run = ProcessRunner.Run(Path.Combine(project.Directory, "build", "model"), new[] { dir.File("in.bin"), dir.File("out.bin") });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], File.ReadAllBytes(dir.File("out.bin")));
    }

    [Fact]
    public void Cortex_m_project_cross_builds_with_cmake()
    {
        var c = OperatorGraphs.Get("depthwise_conv_2d");
        using var dir = new TempDirectory();
        var target = TargetCatalog.Find("cortex-m4");
        Toolchains.RequireCompiler(target);
        var project = Compiler.Generate(c.Graph, target, dir.File("p"));
        CMake(project.Directory, "build", "-DCMAKE_TOOLCHAIN_FILE=toolchain.cmake");
        Assert.True(File.Exists(Path.Combine(project.Directory, "build", "firmware")));
    }

    private static void CMake(string source, string build, params string[] options)
    {
        var configure = ProcessRunner.Run("cmake", new[] { "-S", ".", "-B", build }.Concat(options), source);
        Assert.True(configure.ExitCode == 0, configure.StandardError + configure.StandardOutput);
        var compile = ProcessRunner.Run("cmake", new[] { "--build", build }, source);
        Assert.True(compile.ExitCode == 0, compile.StandardError + compile.StandardOutput);
    }
}
