using EdgeGen.Ir;

namespace EdgeGen.Emit.CSharp;

/// <summary>The C# emitters of every operator kind (each in its own file under Emit/CSharp/Kernels), found by operator type.</summary>
public static class CSharpKernelRegistry
{
    private static readonly EmitterRegistry<ICSharpKernelEmitter> Emitters = new("C#");

    public static IEnumerable<Type> SupportedOperators => Emitters.OperatorTypes;

    public static ICSharpKernelEmitter For(Operator op, int index) => Emitters.For(op, index);

    /// <summary>Lists every operator the C# generator cannot emit, in one message.</summary>
    public static void CheckSupported(Graph graph) => Emitters.CheckSupported(graph);
}
