using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Mixed;

/// <summary>
/// A mixed-precision plan for a patched graph (QuantMCU): the low-bit format of each patch-stage
/// feature map (model tensor ids; maps not listed stay int8), and the outlier rule. At run time
/// each patch's input window is checked: when any value has |q - zp| above <see cref="Threshold"/>
/// the patch is an outlier and runs every stage feature map at 8 bits; the other patches use the
/// low-bit formats. The split tensor (assembled whole) and the model input stay int8.
/// </summary>
public sealed record MixedPlan(ImmutableDictionary<int, LowBitFormat> Formats, int Threshold)
{
    /// <summary>Activation bits of a model tensor on the low-bit path.</summary>
    public int BitsOf(int tensor) => Formats.TryGetValue(tensor, out var f) ? f.Bits : 8;
}
