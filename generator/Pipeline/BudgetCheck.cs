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
        var io = model.Graph.InputTensors.Concat(model.Graph.OutputTensors).Sum(x => (long)x.ByteSize);
        var ram = model.Plan.ArenaBytes + io;
        if (t.Budgets.RamBytes > 0 && ram > t.Budgets.RamBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: it needs {ram:N0} bytes of RAM (arena {model.Plan.ArenaBytes:N0} + input/output {io:N0}), the target has {t.Budgets.RamBytes:N0}");
        var weights = model.Graph.WeightBytes;
        if (t.Budgets.FlashBytes > 0 && weights > t.Budgets.FlashBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: its weights alone need {weights:N0} bytes of flash, the target has {t.Budgets.FlashBytes:N0}");
    }

    /// <summary>After building: the measured flash and RAM (including the worst-case stack) against the budgets.</summary>
    public static void AfterBuild(CModel model, Toolchain.BuildFigures figures)
    {
        var t = model.Target;
        if (t.Budgets.FlashBytes > 0 && figures.FlashBytes > t.Budgets.FlashBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: the firmware needs {figures.FlashBytes:N0} bytes of flash, the target has {t.Budgets.FlashBytes:N0}");
        var io = model.Graph.InputTensors.Concat(model.Graph.OutputTensors).Sum(x => (long)x.ByteSize);
        var ram = figures.StaticRamBytes + io + figures.StackBytes;
        if (t.Budgets.RamBytes > 0 && ram > t.Budgets.RamBytes)
            throw new EdgeGenException($"model '{model.Name}' does not fit {t.Name}: it needs {ram:N0} bytes of RAM (static {figures.StaticRamBytes:N0} + input/output {io:N0} + stack {figures.StackBytes:N0}), the target has {t.Budgets.RamBytes:N0}");
    }
}
