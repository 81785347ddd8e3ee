using System.Collections.Immutable;

namespace EdgeGen.Ir;

/// <summary>
/// An operator: tensor ids in, tensor ids out (-1 marks an absent optional input), typed
/// attributes in the derived record. Each kind lives in its own file under Ir/Ops with its own
/// validation (shapes and types) and MAC count.
/// </summary>
public abstract record Operator(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs)
{
    /// <summary>The operator's TFLite name (CONV_2D, ADD, ...), used in messages and listings.</summary>
    public abstract string Kind { get; }

    /// <summary>Multiply-accumulates of one inference (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED count; others 0).</summary>
    public virtual long Macs(Graph graph) => 0;

    /// <summary>Checks types and shapes against the operator's definition; throws <see cref="EdgeGenException"/>.</summary>
    public abstract void Validate(Graph graph);

    /// <summary>Operators that may write their output over their first input's buffer (same size, element-wise in order).</summary>
    public virtual bool CanRunInPlace(Graph graph) => false;

    public bool HasInput(int index) => index < Inputs.Length && Inputs[index] >= 0;
    public int Output => Outputs[0];
}

public enum Padding { Same, Valid }

public enum Activation { None, Relu, ReluN1To1, Relu6, Tanh, SignBit }
