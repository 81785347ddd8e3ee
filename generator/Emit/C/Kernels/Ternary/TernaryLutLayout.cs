namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// The packed weights of the table-lookup ternary kernel (runtime/c/edgegen_ternary_lut.h): per trit row and group of
/// 4 inputs one byte, the index d0 + 4 (d1 + 3 d2 + 9 d3) of its trits (digit d = trit + 1; 2 bits per trit; d0 has a
/// stride of 4 so that a table's entries pair up into words). Rows are padded to a multiple of 8 with all-zero rows
/// (index 53, whose table entry is 0). Tables are built for
/// <see cref="ChunkGroups"/> groups at a time, so the bytes run chunk by chunk, then per block of 8 rows, per group,
/// the block's 8 rows: the order in which the kernel walks them with one pointer.
/// </summary>
internal sealed record TernaryLutLayout(int Rows, int Depth)
{
    public const int GroupSize = 4;
    public const int Entries = 108;
    public const int BlockRows = 8;

    /// <summary>Groups per table chunk: 32 tables are 5 KiB of scratch, and rebuilding per chunk costs nothing extra.</summary>
    public const int MaxChunkGroups = 32;

    private const byte ZeroIndex = 1 + 4 * 13;

    public int Groups => (Depth + GroupSize - 1) / GroupSize;
    public int PaddedRows => (Rows + BlockRows - 1) / BlockRows * BlockRows;
    public int ChunkGroups => Math.Max(1, Math.Min(Groups, MaxChunkGroups));
    public int Chunks => (Groups + ChunkGroups - 1) / ChunkGroups;
    public int IndexBytes => PaddedRows * Groups;

    /// <summary>Scratch: the int16 tables of one chunk, then the int32 sums of every padded row.</summary>
    public int TableBytes => 2 * Entries * ChunkGroups;
    public int ScratchBytes => (TableBytes + 3) / 4 * 4 + 4 * PaddedRows;

    /// <summary>The index byte of a row's trits at a group (inputs past the depth have trit 0).</summary>
    public static byte Index(sbyte[] trits, int group)
    {
        int Digit(int j) => (group * GroupSize + j < trits.Length ? trits[group * GroupSize + j] : 0) + 1;
        return (byte)(Digit(0) + 4 * (Digit(1) + 3 * Digit(2) + 9 * Digit(3)));
    }

    public byte[] Pack(IReadOnlyList<sbyte[]> rows)
    {
        var packed = new byte[IndexBytes];
        var at = 0;
        for (var chunk = 0; chunk < Chunks; chunk++)
        {
            var first = chunk * ChunkGroups;
            var last = Math.Min(Groups, first + ChunkGroups);
            for (var block = 0; block < PaddedRows; block += BlockRows)
                for (var g = first; g < last; g++)
                    for (var r = block; r < block + BlockRows; r++)
                        packed[at++] = r < rows.Count ? Index(rows[r], g) : ZeroIndex;
        }
        return packed;
    }

    /// <summary>
    /// Instructions of one batch row before the requantization, fitted to the bench's exact counts: per table about 125
    /// (27 STRD, 51 SADD16 and the setup), per group and block of 8 rows 28 (8 times a byte load, a table load and an add,
    /// and the loop), per block and chunk 30 (the call, the 8 sums loaded and stored).
    /// </summary>
    public long Instructions => 125L * Groups + PaddedRows / BlockRows * (28L * Groups + 30L * Chunks) + 20L * Chunks + 4L * PaddedRows;
}
