using EdgeGen.Ir;
using Xunit;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Structural equality of graphs: tensors (name, shape, type, quantization, constant bytes),
/// operators (kind, tensor lists, attributes) and graph inputs/outputs. Records holding
/// ImmutableArray or byte[] compare those by reference, so this compares them by content.
/// </summary>
public static class GraphComparison
{
    public static void AssertEqual(Graph expected, Graph actual)
    {
        var differences = Differences(expected, actual).Take(10).ToList();
        Assert.True(differences.Count == 0, "graphs differ:\n  " + string.Join("\n  ", differences));
    }

    public static IEnumerable<string> Differences(Graph expected, Graph actual)
    {
        if (!expected.Inputs.SequenceEqual(actual.Inputs)) yield return $"inputs [{string.Join(",", expected.Inputs)}] vs [{string.Join(",", actual.Inputs)}]";
        if (!expected.Outputs.SequenceEqual(actual.Outputs)) yield return $"outputs [{string.Join(",", expected.Outputs)}] vs [{string.Join(",", actual.Outputs)}]";
        if (expected.Tensors.Length != actual.Tensors.Length) yield return $"{expected.Tensors.Length} tensors vs {actual.Tensors.Length}";
        foreach (var (e, a) in expected.Tensors.Zip(actual.Tensors))
            foreach (var d in TensorDifferences(e, a))
                yield return $"tensor #{e.Id} '{e.Name}': {d}";
        if (expected.Operators.Length != actual.Operators.Length) yield return $"{expected.Operators.Length} operators vs {actual.Operators.Length}";
        for (var i = 0; i < Math.Min(expected.Operators.Length, actual.Operators.Length); i++)
            if (!SameOperator(expected.Operators[i], actual.Operators[i]))
                yield return $"operator #{i}: {expected.Operators[i]} vs {actual.Operators[i]}";
    }

    private static IEnumerable<string> TensorDifferences(Tensor e, Tensor a)
    {
        if (e.Id != a.Id) yield return $"id {e.Id} vs {a.Id}";
        if (e.Name != a.Name) yield return $"name '{e.Name}' vs '{a.Name}'";
        if (!e.Shape.Equals(a.Shape)) yield return $"shape {e.Shape} vs {a.Shape}";
        if (e.Type != a.Type) yield return $"type {e.Type} vs {a.Type}";
        if (!SameQuantization(e.Quantization, a.Quantization)) yield return $"quantization {e.Quantization} vs {a.Quantization}";
        if (e.IsConstant != a.IsConstant) yield return $"constant {e.IsConstant} vs {a.IsConstant}";
        else if (e.IsConstant && !e.Data!.AsSpan().SequenceEqual(a.Data)) yield return "constant bytes differ";
    }

    /// <summary>Same shape, type, quantization and constness; names and constant bytes may differ.</summary>
    public static bool SameTensorIgnoringData(Tensor e, Tensor a) =>
        e.Shape.Equals(a.Shape) && e.Type == a.Type && e.IsConstant == a.IsConstant && SameQuantization(e.Quantization, a.Quantization);

    private static bool SameQuantization(Quantization? e, Quantization? a) =>
        e is null || a is null
            ? e is null && a is null
            : e.Axis == a.Axis && e.Scales.SequenceEqual(a.Scales) && e.ZeroPoints.SequenceEqual(a.ZeroPoints);

    /// <summary>Same record type and attributes: the tensor lists are compared by content, the rest by record equality.</summary>
    public static bool SameOperator(Operator e, Operator a) =>
        e.Inputs.SequenceEqual(a.Inputs) && e.Outputs.SequenceEqual(a.Outputs)
        && e.Equals(a with { Inputs = e.Inputs, Outputs = e.Outputs });
}
