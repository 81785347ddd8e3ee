using EdgeGen.Emit.C;
using EdgeGen.Targets;

namespace EdgeGen.Pipeline;

/// <summary>Rejects a model that cannot fit the target's RAM or flash, stating what it needs against what the target has.</summary>
public static class BudgetCheck
{
    /// <summary>Before building: the planned arena plus the input/output buffers against RAM, the weights against flash.</summary>
    public static void BeforeBuild(CModel model)
    {
        var t = model.Target;
        var io = CallerBytes(model);
        var ram = model.Plan.ArenaBytes + io;
        if (t.Budgets.RamBytes > 0 && ram > t.Budgets.RamBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: it needs {ram:N0} bytes of RAM (arena {model.Plan.ArenaBytes:N0} + input/output {io:N0}), the target has {t.Budgets.RamBytes:N0}{PatchHint(model)}");
        var weights = model.Graph.WeightBytes;
        if (t.Budgets.FlashBytes > 0 && weights > t.Budgets.FlashBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: its weights alone need {weights:N0} bytes of flash, the target has {t.Budgets.FlashBytes:N0}");
    }

    /// <summary>The caller's input and output buffers (no input buffer when the input is streamed).</summary>
    private static long CallerBytes(CModel model) =>
        (model.Patches?.StreamsInput == true ? 0 : model.Graph.InputTensors.Sum(x => (long)x.ByteSize)) + model.Graph.OutputTensors.Sum(x => (long)x.ByteSize);

    /// <summary>A layer-by-layer model that could run patch by patch: say so.</summary>
    private static string PatchHint(CModel model) =>
        model.Patches is null && Planning.Patches.PatchStage.SplitPoints(model.Graph).Count > 0 ? "; patch-based inference (--patch auto) may fit it" : "";

    /// <summary>After building: the measured flash and RAM (including the worst-case stack) against the budgets.</summary>
    public static void AfterBuild(CModel model, Toolchain.BuildFigures figures)
    {
        var t = model.Target;
        if (t.Budgets.FlashBytes > 0 && figures.FlashBytes > t.Budgets.FlashBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: the firmware needs {figures.FlashBytes:N0} bytes of flash, the target has {t.Budgets.FlashBytes:N0}");
        var io = CallerBytes(model);
        var ram = figures.StaticRamBytes + io + figures.StackBytes;
        if (t.Budgets.RamBytes > 0 && ram > t.Budgets.RamBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: it needs {ram:N0} bytes of RAM (static {figures.StaticRamBytes:N0} + input/output {io:N0} + stack {figures.StackBytes:N0}), the target has {t.Budgets.RamBytes:N0}");
    }
}
