using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>CROP_PATCH: no code when the memory plan reads the window in place, else its rows copied into the patch buffer.</summary>
public sealed class CropPatchEmitter : CKernelVariant<CropPatch>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, CropPatch op, TargetSpec target) => 2L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, CropPatch op) =>
        PatchCopy.Emit(ctx, whole: op.Inputs[0], patch: op.Output, op.Top, op.Left, intoWhole: false);
}

/// <summary>PLACE_PATCH: no code when the patch was computed in place, else its rows copied into the whole tensor.</summary>
public sealed class PlacePatchEmitter : CKernelVariant<PlacePatch>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, PlacePatch op, TargetSpec target) => 2L * graph[op.PatchId].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, PlacePatch op)
    {
        var place = PatchCopy.Emit(ctx, whole: op.Output, patch: op.PatchId, op.Top, op.Left, intoWhole: true);
        if (!op.HasInput(0) || ctx.InPlace()) return place;
        var copy = $"memmove({ctx.Pointer(op.Output)}, {ctx.Pointer(op.Inputs[0])}, {ctx.OutputTensor.ByteSize}); ";
        return place with { Call = copy + place.Call, Variant = "copy" };
    }
}

/// <summary>INPUT_WINDOW: the application's callback writes the window of the streamed input into the patch buffer.</summary>
public sealed class InputWindowEmitter : CKernelVariant<InputWindow>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, InputWindow op, TargetSpec target) => 2L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, InputWindow op)
    {
        var patch = ctx.OutputTensor;
        var input = ctx.Graph.Inputs.IndexOf(op.Inputs[0]);
        return new CKernel("", $"{ctx.Graph.Name}_read_input({input}, {op.Top}, {op.Left}, {patch.Shape[1]}, {patch.Shape[2]}, {ctx.Pointer(op.Output)});", "callback");
    }
}

/// <summary>The row copies between a patch and its window of the whole NHWC tensor, emitted inline at the call site.</summary>
internal static class PatchCopy
{
    public static CKernel Emit(CKernelContext ctx, int whole, int patch, int top, int left, bool intoWhole)
    {
        var w = ctx.Tensor(whole);
        var p = ctx.Tensor(patch);
        var size = w.Type.SizeInBytes();
        var (h, width, c) = (w.Shape[1], w.Shape[2], w.Shape[3]);
        var (ph, pw) = (p.Shape[1], p.Shape[2]);
        var startBytes = (top * width + left) * c * size;
        var contiguous = p.Shape[0] == 1 && pw == width;
        if (contiguous && IsAt(ctx.Plan[patch], ctx.Plan[whole], startBytes))
            return new CKernel("", "", "view");
        var (wholePtr, patchPtr) = (ctx.Pointer(whole), ctx.Pointer(patch));
        var kind = ctx.Op.Kind;
        if (contiguous)
        {
            var at = $"{wholePtr} + {startBytes / size}";
            return new CKernel("", intoWhole
                ? $"memmove({at}, {patchPtr}, {ph * width * c * size}); /* {kind} */"
                : $"memmove({patchPtr}, {at}, {ph * width * c * size}); /* {kind} */", "copy");
        }
        var wholeRow = $"{wholePtr} + ((b * {h} + {top} + r) * {width} + {left}) * {c}";
        var patchRow = $"{patchPtr} + (b * {ph} + r) * {pw * c}";
        var (to, from) = intoWhole ? (wholeRow, patchRow) : (patchRow, wholeRow);
        return new CKernel("",
            $"{{ int b, r; for (b = 0; b < {p.Shape[0]}; ++b) for (r = 0; r < {ph}; ++r) memmove({to}, {from}, {pw * c * size}); }} /* {kind} */",
            "copy");
    }

    /// <summary>True when <paramref name="view"/> is <paramref name="whole"/>'s buffer moved on by <paramref name="bytes"/>.</summary>
    private static bool IsAt(TensorStorage view, TensorStorage whole, int bytes) =>
        view.Kind == whole.Kind && view.Index == whole.Index && view.Offset == whole.Offset + bytes;
}
