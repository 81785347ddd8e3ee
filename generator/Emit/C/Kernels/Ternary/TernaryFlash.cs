namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Flash estimates of the C ternary kernels, for the per-model flash plan (<see cref="ICodeSizeEstimate"/>): unrolled code
/// is about 3 bytes per instruction for the scalar kernel and 4 for the SIMD ones (the Thumb-2 mix of 16- and 32-bit
/// encodings; the DSP instructions are all 32-bit), measured on the bench layers, and every
/// kernel carries its folded constants table (the bias, and per channel the requantization when channels differ).
/// </summary>
internal static class TernaryFlash
{
    public const int ScalarBytesPerInstruction = 3;
    public const int SimdBytesPerInstruction = 4;

    public static long Constants(TernaryRowsLayer t) => 4L * t.Units * (t.Folded.IsUniform ? 1 : 5);

    /// <summary>Straight-line code of <paramref name="instructionsPerBatch"/> instructions plus the constants.</summary>
    public static long Unrolled(TernaryRowsLayer t, long instructionsPerBatch, int bytesPerInstruction) => bytesPerInstruction * instructionsPerBatch + Constants(t);
}
