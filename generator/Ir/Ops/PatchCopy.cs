using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// CROP_PATCH (EdgeGen's own, made by patch lowering): the output is the window of an NHWC input
/// that starts at row <see cref="Top"/>, column <see cref="Left"/>, with the output's height and
/// width; batch and channels are whole.
/// </summary>
public sealed record CropPatch(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, int Top, int Left) : Operator(Inputs, Outputs)
{
    public override string Kind => "CROP_PATCH";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        PatchWindow.Check(this, input, output, Top, Left);
    }
}

/// <summary>
/// PLACE_PATCH (EdgeGen's own, made by patch lowering): the output is the first input with the
/// patch (second input) written at row <see cref="Top"/>, column <see cref="Left"/>. Without a
/// first input the rest of the output is left as it was (zeros in the reference): the patches of
/// one tensor are placed one after another into the same buffer.
/// </summary>
public sealed record PlacePatch(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, int Top, int Left) : Operator(Inputs, Outputs)
{
    public override string Kind => "PLACE_PATCH";

    public int PatchId => Inputs[1];

    public override bool CanRunInPlace(Graph g) => HasInput(0);

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 2);
        var patch = OpChecks.Required(g, this, 1, "patch");
        var output = g[Output];
        if (OpChecks.Optional(g, this, 0) is { } previous)
        {
            OpChecks.Type(this, previous, output.Type);
            OpChecks.SameShape(this, output, previous.Shape);
        }
        PatchWindow.Check(this, output, patch, Top, Left);
    }
}

internal static class PatchWindow
{
    /// <summary>The patch is an NHWC window of the whole tensor: same type, batch and channels, inside its rows and columns.</summary>
    public static void Check(Operator op, Tensor whole, Tensor patch, int top, int left)
    {
        OpChecks.Rank(op, whole, 4);
        OpChecks.Rank(op, patch, 4);
        OpChecks.Type(op, patch, whole.Type);
        if (patch.Shape[0] != whole.Shape[0] || patch.Shape[3] != whole.Shape[3])
            throw OpChecks.Fail(op, $"patch '{patch.Name}' {patch.Shape} differs in batch or channels from '{whole.Name}' {whole.Shape}");
        if (top < 0 || left < 0 || top + patch.Shape[1] > whole.Shape[1] || left + patch.Shape[2] > whole.Shape[2])
            throw OpChecks.Fail(op, $"patch '{patch.Name}' {patch.Shape} at ({top},{left}) lies outside '{whole.Name}' {whole.Shape}");
    }
}

/// <summary>
/// INPUT_WINDOW (EdgeGen's own, made by patch lowering with a streamed input): the window of a
/// graph input at row <see cref="Top"/>, column <see cref="Left"/>, with the output's height and
/// width. The generated code asks the application for it through a callback (as a camera driver
/// delivers rows), so the whole input never sits in RAM; the reference crops it from the input.
/// </summary>
public sealed record InputWindow(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, int Top, int Left) : Operator(Inputs, Outputs)
{
    public override string Kind => "INPUT_WINDOW";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        if (!g.Inputs.Contains(input.Id)) throw OpChecks.Fail(this, $"tensor '{input.Name}' is not a graph input");
        PatchWindow.Check(this, input, g[Output], Top, Left);
    }
}
