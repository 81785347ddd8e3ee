namespace EdgeGen.Ir.Ops;

/// <summary>Small checks shared by the operators' Validate methods; each failure names the operator and tensor.</summary>
internal static class OpChecks
{
    public static void InputCount(Operator op, int min, int max)
    {
        if (op.Inputs.Length < min || op.Inputs.Length > max)
            throw Fail(op, $"expects {min}..{max} inputs, has {op.Inputs.Length}");
        if (op.Outputs.Length != 1)
            throw Fail(op, $"expects 1 output, has {op.Outputs.Length}");
    }

    public static Tensor Required(Graph g, Operator op, int index, string role)
    {
        if (!op.HasInput(index)) throw Fail(op, $"is missing its {role} input");
        return g[op.Inputs[index]];
    }

    public static Tensor? Optional(Graph g, Operator op, int index) => op.HasInput(index) ? g[op.Inputs[index]] : null;

    public static void Rank(Operator op, Tensor t, params int[] ranks)
    {
        if (!ranks.Contains(t.Shape.Rank))
            throw Fail(op, $"tensor '{t.Name}' has rank {t.Shape.Rank}, expected {string.Join(" or ", ranks)}");
    }

    public static void Type(Operator op, Tensor t, params DataType[] types)
    {
        if (!types.Contains(t.Type))
            throw Fail(op, $"tensor '{t.Name}' is {t.Type.DisplayName()}, expected {string.Join(" or ", types.Select(x => x.DisplayName()))}");
    }

    public static void Constant(Operator op, Tensor t, string role)
    {
        if (!t.IsConstant) throw Fail(op, $"{role} tensor '{t.Name}' must be a constant");
    }

    public static void Quantized(Operator op, Tensor t)
    {
        if (t.Quantization is null) throw Fail(op, $"tensor '{t.Name}' has no quantization parameters");
        foreach (var s in t.Quantization.Scales)
            if (!(s > 0) || float.IsInfinity(s)) throw Fail(op, $"tensor '{t.Name}' has an invalid scale {s}");
        if (t.Type is DataType.Int8 or DataType.UInt8 or DataType.Int16)
        {
            var (min, max) = t.Type.IntegerRange();
            foreach (var z in t.Quantization.ZeroPoints)
                if (z < min || z > max) throw Fail(op, $"tensor '{t.Name}' has zero point {z}, outside the {t.Type.DisplayName()} range");
        }
    }

    /// <summary>Per-axis scales must number one per index of their axis; per-tensor is always fine.</summary>
    public static void PerAxisMatches(Operator op, Tensor t, int axis, int count)
    {
        var q = t.Quantization;
        if (q is null || !q.IsPerAxis) return;
        if (q.Axis != axis || q.Scales.Length != count)
            throw Fail(op, $"tensor '{t.Name}' has {q.Scales.Length} scales on axis {q.Axis}, expected {count} on axis {axis}");
    }

    public static void SameShape(Operator op, Tensor t, Shape expected)
    {
        if (!t.Shape.Equals(expected))
            throw Fail(op, $"output tensor '{t.Name}' has shape {t.Shape}, expected {expected}");
    }

    public static void Positive(Operator op, string what, params int[] values)
    {
        if (values.Any(v => v <= 0)) throw Fail(op, $"has a non-positive {what}");
    }

    public static EdgeGenException Fail(Operator op, string message) => new($"{op.Kind}: {message}");
}
