using System.Collections.Immutable;

namespace EdgeGen.Ir;

/// <summary>
/// An immutable model graph: tensors, operators in execution order, graph inputs and outputs
/// (tensor ids). Passes return new graphs; nothing mutates one.
/// </summary>
public sealed record Graph(
    string Name,
    ImmutableArray<Tensor> Tensors,
    ImmutableArray<Operator> Operators,
    ImmutableArray<int> Inputs,
    ImmutableArray<int> Outputs)
{
    public Tensor this[int tensorId] => Tensors[tensorId];

    public IEnumerable<Tensor> InputTensors => Inputs.Select(i => Tensors[i]);
    public IEnumerable<Tensor> OutputTensors => Outputs.Select(i => Tensors[i]);

    public long TotalMacs => Operators.Sum(op => op.Macs(this));
    public long WeightBytes => Tensors.Where(t => t.IsConstant).Sum(t => (long)t.Data!.Length);

    /// <summary>The index in <see cref="Operators"/> of the operator that produces a tensor, or -1.</summary>
    public int ProducerOf(int tensorId)
    {
        for (var i = 0; i < Operators.Length; i++)
            if (Operators[i].Outputs.Contains(tensorId)) return i;
        return -1;
    }

    public Graph WithOperators(IEnumerable<Operator> operators) => this with { Operators = operators.ToImmutableArray() };
}
