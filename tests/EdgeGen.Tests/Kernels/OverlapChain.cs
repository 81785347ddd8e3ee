using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// A convolution case between two pointwise layers of the same kind, so that the case's input and output are both
/// arena tensors and its input dies at it: the planner may then place the output over the input.
/// Returns the graph and the ids of the case's input and output.
/// </summary>
public static class OverlapChain
{
    public static (Graph Graph, int Input, int Output) Conv2D(ConvCase c)
    {
        var b = new KernelGraphBuilder("overlap_" + c.Name, c.Name.Length * 7919);
        var window = new Window2D(c.Padding, c.Stride, c.Stride, c.Dilation, c.Dilation);
        var pointwise = new Window2D(Padding.Valid, 1, 1, 1, 1);
        var x = b.Input(new Shape(c.Batches, c.H, c.W, c.Cin), 0.02f, c.InZp);
        var before = Conv(b, x, c.Cin, new Shape(c.Batches, c.H, c.W, c.Cin), 1, 1, pointwise, Activation.None, 0.04f, c.InZp, true);
        var outShape = new Shape(c.Batches, window.OutputH(c.H, c.KH), window.OutputW(c.W, c.KW), c.Cout);
        var middle = Conv(b, before, c.Cin, outShape, c.KH, c.KW, window, c.Activation, c.OutScale, c.OutZp, c.PerChannel);
        var after = Conv(b, middle, c.Cout, outShape, 1, 1, pointwise, Activation.None, 0.05f, 3, true);
        b.Output(after);
        return (b.Build(), before, middle);
    }

    public static (Graph Graph, int Input, int Output) Depthwise(ConvCase c)
    {
        var b = new KernelGraphBuilder("overlap_dw_" + c.Name, c.Name.Length * 7907);
        var window = new Window2D(c.Padding, c.Stride, c.Stride, c.Dilation, c.Dilation);
        var pointwise = new Window2D(Padding.Valid, 1, 1, 1, 1);
        var x = b.Input(new Shape(c.Batches, c.H, c.W, c.Cin), 0.02f, c.InZp);
        var before = Dw(b, x, new Shape(c.Batches, c.H, c.W, c.Cin), 1, 1, pointwise, Activation.None, 0.04f, c.InZp, true);
        var outShape = new Shape(c.Batches, window.OutputH(c.H, c.KH), window.OutputW(c.W, c.KW), c.Cin);
        var middle = Dw(b, before, outShape, c.KH, c.KW, window, c.Activation, c.OutScale, c.OutZp, c.PerChannel);
        var after = Dw(b, middle, outShape, 1, 1, pointwise, Activation.None, 0.05f, 3, true);
        b.Output(after);
        return (b.Build(), before, middle);
    }

    private static int Conv(KernelGraphBuilder b, int x, int cin, Shape output, int kh, int kw, Window2D window, Activation act, float scale, int zp, bool perChannel)
    {
        var w = b.Weights(new Shape(output[3], kh, kw, cin), 0, perChannel);
        var y = b.Activation(output, scale, zp);
        b.Op(new Conv2D(ImmutableArray.Create(x, w, b.Bias(output[3])), ImmutableArray.Create(y), window, act));
        return y;
    }

    private static int Dw(KernelGraphBuilder b, int x, Shape output, int kh, int kw, Window2D window, Activation act, float scale, int zp, bool perChannel)
    {
        var w = b.Weights(new Shape(1, kh, kw, output[3]), 3, perChannel);
        var y = b.Activation(output, scale, zp);
        b.Op(new DepthwiseConv2D(ImmutableArray.Create(x, w, b.Bias(output[3])), ImmutableArray.Create(y), window, 1, act));
        return y;
    }
}
