using EdgeGen.Emit.Project;

namespace EdgeGen.Toolchain;

/// <summary>
/// The static figures of a built project: flash of the whole image and of the model alone
/// (text + rodata + data), static RAM, and the worst-case stack of the model's invoke call from
/// -fcallgraph-info.
/// </summary>
public sealed record BuildFigures(long FlashBytes, long ModelFlashBytes, long StaticRamBytes, int StackBytes, int ArenaBytes)
{
    public static BuildFigures Measure(GeneratedProject project)
    {
        var target = project.Model.Target;
        var image = SizeReport.Measure(target.SizeTool, project.BinaryPath);
        var model = SizeReport.Measure(target.SizeTool, Path.Combine(project.Directory, "model.o"));
        var stack = StackUsage.WorstCase(Directory.GetFiles(project.Directory, "model.ci"), project.Model.Name + "_invoke");
        return new BuildFigures(image.FlashBytes, model.FlashBytes, model.StaticRamBytes, stack, project.Model.Plan.ArenaBytes);
    }
}
