using EdgeGen.Ir;

namespace EdgeGen.Emit.C;

/// <summary>The C emitters of every operator kind (each in its own file under Emit/C/Kernels), found by operator type.</summary>
public static class CKernelRegistry
{
    private static readonly EmitterRegistry<ICKernelEmitter> Emitters = new("C");

    public static ICKernelEmitter For(Operator op, int index) => Emitters.For(op, index);

    /// <summary>Lists every operator the C generator cannot emit, in one message, like a compiler listing all errors.</summary>
    public static void CheckSupported(Graph graph) => Emitters.CheckSupported(graph);
}
