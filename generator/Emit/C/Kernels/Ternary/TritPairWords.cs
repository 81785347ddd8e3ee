namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// The pair words of the SIMD ternary kernels (eg_ternary_widen in runtime/c/edgegen_ternary.h): word 2m holds inputs
/// (4m, 4m+2), word 2m+1 inputs (4m+1, 4m+3), as SXTB16 and SXTB16 ROR 8 widen 4 input bytes. A row's trits at a word's
/// two inputs pick the one instruction that adds them (<see cref="Macro"/>); every instruction grows each lane it
/// touches by at most 128 (|x| ≤ 128), which is how the kernels bound their int16 lanes.
/// </summary>
internal static class TritPairWords
{
    public static int Count(int depth) => (depth + 3) / 4 * 2;

    /// <summary>The input in lane <paramref name="hi"/> (0 = low, 1 = high) of word <paramref name="word"/>.</summary>
    public static int Input(int word, int hi) => word / 2 * 4 + word % 2 + 2 * hi;

    /// <summary>The trits (low lane, high lane) of a row at a word; inputs past the row's end have trit 0.</summary>
    public static (int Lo, int Hi) Trits(sbyte[] trits, int word)
    {
        int At(int i) => i < trits.Length ? trits[i] : 0;
        return (At(Input(word, 0)), At(Input(word, 1)));
    }

    /// <summary>The runtime macro adding trits (lo, hi) of the word to a row's lanes (null for (0, 0)).</summary>
    public static string? Macro(int lo, int hi) => (lo, hi) switch
    {
        (0, 0) => null,
        _ => $"EG_T_{Sign(lo)}{Sign(hi)}",
    };

    /// <summary>Whether the instruction for (lo, hi) touches the low lane (SADD16 and its kin do; the shifted and masked adds only the high lane).</summary>
    public static bool TouchesLow(int lo, int hi) => lo != 0 && hi != 0;

    /// <summary>Whether (lo, hi) needs the word with its low half cleared (one AND per word and block, shared by the rows).</summary>
    public static bool NeedsHighHalf(int lo, int hi) => lo == 0 && hi != 0;

    private static char Sign(int t) => t switch { > 0 => 'P', < 0 => 'M', _ => 'Z' };
}
