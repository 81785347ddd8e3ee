using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>CROP_PATCH: copies the window's rows out of the whole tensor.</summary>
public sealed class CropPatchKernel : ReferenceKernel<CropPatch>
{
    protected override void Run(CropPatch op, TensorStore s) =>
        PatchRows.Copy(s.Graph[op.Inputs[0]], s.Bytes(op.Inputs[0]), s.Graph[op.Output], s.Bytes(op.Output), op.Top, op.Left, intoWhole: false);
}

/// <summary>INPUT_WINDOW: the window the application's callback delivers, which is the window of the input.</summary>
public sealed class InputWindowKernel : ReferenceKernel<InputWindow>
{
    protected override void Run(InputWindow op, TensorStore s) =>
        PatchRows.Copy(s.Graph[op.Inputs[0]], s.Bytes(op.Inputs[0]), s.Graph[op.Output], s.Bytes(op.Output), op.Top, op.Left, intoWhole: false);
}

/// <summary>PLACE_PATCH: the previous tensor (if any), then the patch's rows written over their window.</summary>
public sealed class PlacePatchKernel : ReferenceKernel<PlacePatch>
{
    protected override void Run(PlacePatch op, TensorStore s)
    {
        var output = s.Bytes(op.Output);
        if (op.HasInput(0)) s.Bytes(op.Inputs[0]).CopyTo(output, 0);
        PatchRows.Copy(s.Graph[op.Output], output, s.Graph[op.PatchId], s.Bytes(op.PatchId), op.Top, op.Left, intoWhole: true);
    }
}

internal static class PatchRows
{
    /// <summary>Copies each row of a patch between the patch and its window of the whole NHWC tensor.</summary>
    public static void Copy(Tensor whole, byte[] wholeBytes, Tensor patch, byte[] patchBytes, int top, int left, bool intoWhole)
    {
        var size = whole.Type.SizeInBytes();
        var (h, w, c) = (whole.Shape[1], whole.Shape[2], whole.Shape[3]);
        var (ph, pw) = (patch.Shape[1], patch.Shape[2]);
        var rowBytes = pw * c * size;
        for (var b = 0; b < patch.Shape[0]; b++)
            for (var y = 0; y < ph; y++)
            {
                var wholeAt = (((b * h) + top + y) * w + left) * c * size;
                var patchAt = ((b * ph) + y) * pw * c * size;
                if (intoWhole) Array.Copy(patchBytes, patchAt, wholeBytes, wholeAt, rowBytes);
                else Array.Copy(wholeBytes, wholeAt, patchBytes, patchAt, rowBytes);
            }
    }
}
