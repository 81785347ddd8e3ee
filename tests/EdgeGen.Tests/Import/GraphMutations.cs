using System.Collections.Immutable;
using EdgeGen.Examples;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Tests.Import;

/// <summary>
/// Seeded corruption at the level of meaning rather than bytes: one change to a tensor's shape,
/// type, quantization or constant values, an operator's tensors or attributes, the graph's
/// inputs and outputs, or the operator order. Written with the writer, such a model is
/// well-formed FlatBuffers, so it reaches the validators that byte-level corruption rarely gets past.
/// </summary>
internal static class GraphMutations
{
    public static (Graph Graph, string What) Mutate(Graph g, XorShift32 rng)
    {
        switch (rng.Next(9))
        {
            case 0:
            {
                var t = PickTensor(g, rng);
                if (t.Shape.Rank == 0) return (g, "nothing (scalar)");
                var d = rng.Next(t.Shape.Rank);
                var dims = t.Shape.Dims.SetItem(d, WildInt(rng, t.Shape[d]));
                return (WithTensor(g, Resized(t with { Shape = new Shape(dims) }, rng)), $"tensor '{t.Name}' shape {new Shape(dims)}");
            }
            case 1:
            {
                var t = PickTensor(g, rng);
                var type = (DataType)rng.Next(Enum.GetValues<DataType>().Length);
                return (WithTensor(g, Resized(t with { Type = type }, rng)), $"tensor '{t.Name}' type {type}");
            }
            case 2:
            {
                var t = PickTensor(g, rng);
                var q = WildQuantization(t, rng);
                return (WithTensor(g, t with { Quantization = q }), $"tensor '{t.Name}' quantization {q?.ToString() ?? "none"}");
            }
            case 3:
            {
                var t = g.Tensors.Where(x => x.IsConstant && x.Data!.Length <= 64).ToArray() is { Length: > 0 } small ? small[rng.Next(small.Length)] : PickTensor(g, rng);
                if (!t.IsConstant) return (g, "nothing (no small constant)");
                var data = (byte[])t.Data!.Clone();
                var p = rng.Next(Math.Max(1, data.Length / 4)) * 4;
                if (data.Length >= p + 4) BitConverter.GetBytes(WildInt(rng, BitConverter.ToInt32(data, p))).CopyTo(data, p);
                else if (data.Length > 0) data[rng.Next(data.Length)] = rng.NextByte();
                return (WithTensor(g, t with { Data = data }), $"constant '{t.Name}' values");
            }
            case 4:
            {
                if (g.Operators.IsEmpty) return (g, "nothing (no operators)");
                var i = rng.Next(g.Operators.Length);
                var op = g.Operators[i];
                var (changed, what) = WildTensorList(op, g, rng);
                return (g with { Operators = g.Operators.SetItem(i, changed) }, $"operator #{i} {op.Kind} {what}");
            }
            case 5 or 6:
            {
                if (g.Operators.IsEmpty) return (g, "nothing (no operators)");
                var i = rng.Next(g.Operators.Length);
                var changed = WildAttributes(g.Operators[i], rng);
                return (g with { Operators = g.Operators.SetItem(i, changed) }, $"operator #{i} becomes {changed}");
            }
            case 7:
            {
                var outputs = rng.Next(2) == 0;
                var list = outputs ? g.Outputs : g.Inputs;
                list = rng.Next(3) switch
                {
                    0 => ImmutableArray<int>.Empty,
                    1 => list.Add(rng.Next(g.Tensors.Length)),
                    _ => list.IsEmpty ? list : list.SetItem(0, rng.Next(g.Tensors.Length)),
                };
                return (outputs ? g with { Outputs = list } : g with { Inputs = list }, $"graph {(outputs ? "outputs" : "inputs")} [{string.Join(",", list)}]");
            }
            default:
            {
                if (g.Operators.Length < 2) return (g, "nothing (one operator)");
                var a = rng.Next(g.Operators.Length);
                var b = rng.Next(g.Operators.Length);
                var ops = g.Operators.SetItem(a, g.Operators[b]).SetItem(b, g.Operators[a]);
                return (g with { Operators = ops }, $"operators #{a} and #{b} swapped");
            }
        }
    }

    private static Tensor PickTensor(Graph g, XorShift32 rng) => g.Tensors[rng.Next(g.Tensors.Length)];

    private static Graph WithTensor(Graph g, Tensor t) => g with { Tensors = g.Tensors.SetItem(t.Id, t) };

    /// <summary>
    /// Mostly, a constant whose shape or type changed gets data of the new size (the old bytes,
    /// cut or padded), so the change gets past the importer's size check to the validators.
    /// </summary>
    private static Tensor Resized(Tensor t, XorShift32 rng)
    {
        if (!t.IsConstant || rng.Next(4) == 0) return t;
        var size = t.Shape.Dims.Aggregate(1L, (n, d) => d < 0 || n * d > 1 << 20 ? -1 : n * d) * t.Type.SizeInBytes();
        if (size is < 0 or > 1 << 20) return t;
        var data = new byte[size];
        t.Data.AsSpan(0, (int)Math.Min(size, t.Data!.Length)).CopyTo(data);
        return t with { Data = data };
    }

    private static int WildInt(XorShift32 rng, int current) => rng.Next(10) switch
    {
        0 => 0,
        1 => -1,
        2 => int.MaxValue,
        3 => int.MinValue,
        4 => current + 1,
        5 => current - 1,
        6 => current * 2,
        7 => 1 << 20,
        _ => rng.Next(64),
    };

    private static float WildFloat(XorShift32 rng, float current) => rng.Next(9) switch
    {
        0 => 0f,
        1 => -current,
        2 => float.NaN,
        3 => float.PositiveInfinity,
        4 => float.Epsilon,
        5 => 1e-30f,
        6 => 1e30f,
        7 => float.MaxValue,
        _ => current * 2,
    };

    private static Quantization? WildQuantization(Tensor t, XorShift32 rng)
    {
        var q = t.Quantization ?? Quantization.PerTensor(0.1f, 0);
        switch (rng.Next(5))
        {
            case 0: return null;
            case 1: return q with { Scales = q.Scales.SetItem(0, WildFloat(rng, q.Scales[0])) };
            case 2:
            {
                long[] zeroPoints = [-129, 128, 255, 1000, -100_000, int.MaxValue, int.MinValue, 0];
                return q with { ZeroPoints = q.ZeroPoints.SetItem(0, zeroPoints[rng.Next(zeroPoints.Length)]) };
            }
            case 3:
            {
                var n = 1 + rng.Next(Math.Max(1, t.Shape.Rank == 0 ? 4 : t.Shape.Dims.Max() + 1));
                return new Quantization(Enumerable.Repeat(0.05f, n).ToImmutableArray(), Enumerable.Repeat(0L, n).ToImmutableArray(), rng.Next(5) - 1);
            }
            default: return q with { Axis = rng.Next(6) - 1 };
        }
    }

    private static (Operator, string) WildTensorList(Operator op, Graph g, XorShift32 rng)
    {
        var outputs = rng.Next(4) == 0;
        var list = outputs ? op.Outputs : op.Inputs;
        var id = rng.Next(g.Tensors.Length + 1) - 1;
        list = rng.Next(4) switch
        {
            0 when !list.IsEmpty => list.RemoveAt(list.Length - 1),
            1 => list.Add(id),
            _ => list.IsEmpty ? list.Add(id) : list.SetItem(rng.Next(list.Length), id),
        };
        var changed = outputs ? op with { Outputs = list } : op with { Inputs = list };
        return (changed, $"{(outputs ? "outputs" : "inputs")} [{string.Join(",", list)}]");
    }

    private static Operator WildAttributes(Operator op, XorShift32 rng)
    {
        var activation = (Activation)rng.Next(Enum.GetValues<Activation>().Length);
        return op switch
        {
            Conv2D c => rng.Next(2) == 0 ? c with { Activation = activation } : c with { Window = WildWindow(c.Window, rng) },
            DepthwiseConv2D d => rng.Next(3) switch
            {
                0 => d with { Activation = activation },
                1 => d with { DepthMultiplier = WildInt(rng, d.DepthMultiplier) },
                _ => d with { Window = WildWindow(d.Window, rng) },
            },
            TransposeConv t => rng.Next(2) == 0 ? t with { Activation = activation } : t with { Window = WildWindow(t.Window, rng) },
            Pool2D p => rng.Next(4) switch
            {
                0 => p with { Activation = activation },
                1 => p with { FilterH = WildInt(rng, p.FilterH) },
                2 => p with { FilterW = WildInt(rng, p.FilterW) },
                _ => p with { Window = WildWindow(p.Window, rng) },
            },
            FullyConnected f => rng.Next(2) == 0 ? f with { Activation = activation } : f with { KeepNumDims = !f.KeepNumDims },
            ElementwiseBinary e => rng.Next(2) == 0 ? e with { Activation = activation } : e with { PotScaleInt16 = !e.PotScaleInt16 },
            Concatenation c => rng.Next(2) == 0 ? c with { Activation = activation } : c with { Axis = WildInt(rng, c.Axis) },
            Softmax s => s with { Beta = WildFloat(rng, s.Beta) },
            LeakyRelu l => l with { Alpha = WildFloat(rng, l.Alpha) },
            Mean m => m with { KeepDims = !m.KeepDims },
            StridedSlice s => rng.Next(3) switch
            {
                0 => s with { BeginMask = WildInt(rng, s.BeginMask) },
                1 => s with { ShrinkAxisMask = WildInt(rng, s.ShrinkAxisMask) },
                _ => s with { Offset = !s.Offset },
            },
            _ => op,
        };
    }

    private static Window2D WildWindow(Window2D w, XorShift32 rng) => rng.Next(5) switch
    {
        0 => w with { Padding = w.Padding == Padding.Same ? Padding.Valid : Padding.Same },
        1 => w with { StrideH = WildInt(rng, w.StrideH) },
        2 => w with { StrideW = WildInt(rng, w.StrideW) },
        3 => w with { DilationH = WildInt(rng, w.DilationH) },
        _ => w with { DilationW = WildInt(rng, w.DilationW) },
    };
}
