using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeGen.Targets;

/// <summary>
/// One target as described by targets/NAME.json: the CPU and its ISA features (which kernels the
/// generator may use), the compiler and flags, the memory budgets a model must fit, and how to run
/// it (QEMU machine, instruction counter) where it can be run here.
/// </summary>
public sealed record TargetSpec
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("aliases")] public string[] Aliases { get; init; } = Array.Empty<string>();
    [JsonPropertyName("description")] public string Description { get; init; } = "";
    /// <summary>host, cortex-m or cortex-a: selects the harness, the build and the runner.</summary>
    [JsonPropertyName("family")] public required string Family { get; init; }
    [JsonPropertyName("cpu")] public string Cpu { get; init; } = "";
    /// <summary>ISA features kernels may rely on: dsp, mve, fpu, neon, dotprod.</summary>
    [JsonPropertyName("features")] public string[] Features { get; init; } = Array.Empty<string>();
    [JsonPropertyName("compiler")] public required string Compiler { get; init; }
    [JsonPropertyName("size_tool")] public string SizeTool { get; init; } = "size";
    /// <summary>The symbol lister that finds the harness's marker functions for the instruction-counting plugin.</summary>
    [JsonPropertyName("nm_tool")] public string NmTool { get; init; } = "nm";
    /// <summary>The Debian package that provides the compiler (named in the error when it is missing).</summary>
    [JsonPropertyName("compiler_package")] public string CompilerPackage { get; init; } = "";
    [JsonPropertyName("cflags")] public string[] CFlags { get; init; } = Array.Empty<string>();
    [JsonPropertyName("ldflags")] public string[] LdFlags { get; init; } = Array.Empty<string>();
    [JsonPropertyName("budgets")] public MemoryBudgets Budgets { get; init; } = new();
    [JsonPropertyName("memory")] public MemoryMap? Memory { get; init; }
    [JsonPropertyName("qemu")] public QemuSpec? Qemu { get; init; }
    /// <summary>The .NET runtime identifier generated C# is published for (linux-arm64 on Cortex-A); empty: this machine's.</summary>
    [JsonPropertyName("dotnet_rid")] public string DotnetRid { get; init; } = "";

    public bool Has(string feature) => Features.Contains(feature, StringComparer.Ordinal);
    public bool IsCortexM => Family == "cortex-m";
    public bool IsCortexA => Family == "cortex-a";
    public bool IsHost => Family == "host";
    public bool CanRun => IsHost || Qemu is not null;

    public static TargetSpec Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TargetSpec>(json) ?? throw new EdgeGenException($"{source}: empty target description");
        }
        catch (JsonException e)
        {
            throw new EdgeGenException($"{source}: invalid target description ({e.Message})");
        }
    }
}

/// <summary>What the deployed part offers; a model whose flash or RAM exceeds these is rejected (0 = no limit).</summary>
public sealed record MemoryBudgets
{
    [JsonPropertyName("flash_bytes")] public long FlashBytes { get; init; }
    [JsonPropertyName("ram_bytes")] public long RamBytes { get; init; }
}

/// <summary>The emulated board's memory regions the linker script places code and data in.</summary>
public sealed record MemoryMap
{
    [JsonPropertyName("flash_origin")] public required string FlashOrigin { get; init; }
    [JsonPropertyName("flash_length")] public required string FlashLength { get; init; }
    [JsonPropertyName("ram_origin")] public required string RamOrigin { get; init; }
    [JsonPropertyName("ram_length")] public required string RamLength { get; init; }
    [JsonPropertyName("stack_bytes")] public int StackBytes { get; init; } = 16384;
    /// <summary>An extra MEMORY line for read-only data (weights), e.g. a large read-only flash; empty keeps them in FLASH.</summary>
    [JsonPropertyName("rodata_region")] public string RodataRegion { get; init; } = "";
    [JsonPropertyName("rodata_alias")] public string RodataAlias { get; init; } = "FLASH";
}

/// <summary>How the target runs under QEMU and how instructions are counted there.</summary>
public sealed record QemuSpec
{
    /// <summary>qemu-system-* (a board with semihosting firmware) or qemu-aarch64 (Linux user mode: the binary runs as a process).</summary>
    [JsonPropertyName("binary")] public required string Binary { get; init; }
    /// <summary>The board for system mode; none in user mode.</summary>
    [JsonPropertyName("machine")] public string? Machine { get; init; }
    [JsonPropertyName("cpu")] public string? Cpu { get; init; }
    [JsonPropertyName("package")] public string Package { get; init; } = "";
    /// <summary>How instructions are counted: "timer" (the harness reads a timer under -icount shift=0) or "plugin" (exact TCG plugin).</summary>
    [JsonPropertyName("counter")] public string Counter { get; init; } = "timer";
    /// <summary>Instructions per timer tick on this board (the resolution of the timer method).</summary>
    [JsonPropertyName("instructions_per_tick")] public double InstructionsPerTick { get; init; } = 40;
    /// <summary>Further QEMU options (in user mode placed before the program, e.g. -L SYSROOT).</summary>
    [JsonPropertyName("extra_args")] public string[] ExtraArgs { get; init; } = Array.Empty<string>();
    /// <summary>The harness's board define selecting the instruction counter (BOARD_MPS2, BOARD_AN505, BOARD_AN547, BOARD_MICROBIT).</summary>
    [JsonPropertyName("board_define")] public string BoardDefine { get; init; } = "";

    public bool UserMode => Machine is null;

    public bool CountsWithPlugin => Counter == "plugin";

    /// <summary>How the run is described to users: the board, or the emulated core in user mode.</summary>
    public string Describe() => Machine ?? $"{Binary} -cpu {Cpu}";
}
