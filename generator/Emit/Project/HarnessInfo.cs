using EdgeGen.Emit.C;
using EdgeGen.Targets;
using EdgeGen.Toolchain;

namespace EdgeGen.Emit.Project;

/// <summary>The values the harness, Makefile and CMake templates are rendered with.</summary>
internal static class HarnessInfo
{
    public static string Binary(TargetSpec target) => target.IsCortexM ? "firmware.elf" : "model";

    public static Dictionary<string, object> Data(CModel model)
    {
        var g = model.Graph;
        var inputs = g.Inputs.Select((id, i) => Buffer(g[id], $"input{i}", i + 1)).ToList();
        var outputs = g.Outputs.Select((id, i) => Buffer(g[id], $"output{i}", g.Inputs.Length + i + 1)).ToList();
        var usage = string.Concat(inputs.Select(b => $" {b["var"]}.bin")) + string.Concat(outputs.Select(b => $" {b["var"]}.bin"));
        var streamed = model.Patches?.StreamsInput == true;
        return new Dictionary<string, object>
        {
            ["input_stream"] = streamed,
            ["input_stream_ctype"] = PatchedCode.StreamedWindowType(g),
            ["streamed_inputs"] = g.Inputs.Select((id, i) => new Dictionary<string, object>
            {
                ["index"] = i,
                ["var"] = $"input{i}",
                ["ctype"] = CFormat.TypeOf(g[id].Type),
                ["width"] = g[id].Shape.Rank == 4 ? g[id].Shape[2] : 1,
                ["channels"] = g[id].Shape.Rank == 4 ? g[id].Shape[3] : 1,
            }).ToList(),
            ["name"] = model.Name,
            ["target"] = model.Target.Name,
            ["compiler"] = model.Target.Compiler,
            ["buffers"] = inputs.Concat(outputs).ToList(),
            ["inputs"] = inputs,
            ["outputs"] = outputs,
            ["argc"] = 1 + inputs.Count + outputs.Count,
            ["usage"] = usage,
            ["call_args"] = string.Join(", ", inputs.Where(_ => !streamed).Concat(outputs).Select(b => b["var"])),
            ["layers"] = Math.Max(g.Operators.Length, 1),
            ["marker_start"] = InsnCountPlugin.StartMarker,
            ["marker_end"] = InsnCountPlugin.EndMarker,
            ["cmake_system_name"] = model.Target.IsCortexA ? "Linux" : "Generic",
            ["cmake_system_processor"] = model.Target.IsCortexA ? "aarch64" : "arm",
        };
    }

    private static Dictionary<string, object> Buffer(Ir.Tensor t, string var, int arg) => new()
    {
        ["var"] = var,
        ["ctype"] = CFormat.TypeOf(t.Type),
        ["elements"] = t.Shape.ElementCount,
        ["bytes"] = t.ByteSize,
        ["arg"] = arg,
    };

    public static Dictionary<string, object> MemoryData(TargetSpec target)
    {
        var m = target.Memory ?? throw new EdgeGenException($"target {target.Name} has no memory map");
        return new Dictionary<string, object>
        {
            ["board"] = target.Qemu?.Machine ?? target.Name,
            ["target"] = target.Name,
            ["stack_size"] = $"0x{m.StackBytes:X}",
            ["flash_origin"] = m.FlashOrigin,
            ["flash_length"] = m.FlashLength,
            ["ram_origin"] = m.RamOrigin,
            ["ram_length"] = m.RamLength,
            ["rodata_region"] = m.RodataRegion,
            ["rodata_alias"] = m.RodataAlias,
        };
    }

    public static Dictionary<string, object> MakeData(CModel model, IEnumerable<string> sources, bool profile)
    {
        var t = model.Target;
        var defines = (t.Qemu?.BoardDefine is { Length: > 0 } d ? $" -D{d}" : "") + (profile ? " -DEG_PROFILE" : "");
        return new Dictionary<string, object>
        {
            ["target"] = t.Name,
            ["compiler"] = t.Compiler,
            ["size_tool"] = t.SizeTool,
            ["cflags"] = string.Join(" ", t.CFlags),
            ["ldflags"] = string.Join(" ", t.LdFlags),
            ["defines"] = defines,
            ["objects"] = string.Join(" ", sources.Select(s => s[..^2] + ".o")),
            ["binary"] = Binary(t),
            ["link_inputs"] = t.IsCortexM ? " memory.ld common.ld" : "",
            ["native_machine"] = NativeMachine(t),
        };
    }

    /// <summary>For Cortex-A, the `uname -m` of the board: built there, the project uses the board's own gcc.</summary>
    private static string NativeMachine(TargetSpec target) => target.IsCortexA ? "aarch64" : "";

    public static Dictionary<string, object> CMakeData(CModel model, IEnumerable<string> harnessSources)
    {
        var t = model.Target;
        var ldflags = t.LdFlags.Select(f => f switch
        {
            "-L." => "-L${CMAKE_CURRENT_SOURCE_DIR}",
            "memory.ld" => "${CMAKE_CURRENT_SOURCE_DIR}/memory.ld",
            _ => f,
        });
        return new Dictionary<string, object>
        {
            ["name"] = model.Name,
            ["target"] = t.Name,
            ["cross"] = t.IsCortexM,
            ["native_machine"] = NativeMachine(t),
            ["binary"] = t.IsCortexM ? "firmware" : "model",
            ["harness"] = t.IsCortexM ? "QEMU semihosting firmware" : "stdio program: ./model IN.bin OUT.bin",
            ["harness_sources"] = string.Join(" ", harnessSources),
            ["cmake_cflags"] = string.Join(" ", t.CFlags),
            ["cmake_ldflags"] = string.Join(" ", ldflags),
            ["cmake_defines"] = t.Qemu?.BoardDefine is { Length: > 0 } d ? $" -D{d}" : "",
        };
    }
}
