namespace EdgeGen.Planning;

/// <summary>
/// How far before its input a kernel's output buffer must start so that the kernel can write over its own input:
/// the kernel runs in steps, and after each step it has written output bytes up to some end and will still read
/// input bytes from some start on. With the output placed <c>lead</c> bytes before the input, a write never lands on
/// a byte still to be read when, at every step, written end − lead ≤ the first input byte any later step reads.
/// The lead is rounded up to 16 bytes so every tensor keeps the arena's alignment.
/// </summary>
public static class OverlapLead
{
    public const int Alignment = 16;

    /// <param name="steps">Per step in execution order: the end of the output bytes written so far (from the output's
    /// start) and the lowest input byte the step reads (from the input's start), or null when it reads none.</param>
    /// <param name="outputBytes">The output's size: a lead this large gains nothing, so the answer is then null.</param>
    public static int? Of(IReadOnlyList<(long WrittenEnd, long? FirstRead)> steps, long outputBytes)
    {
        long lead = 0;
        long? laterRead = null;
        // Walk backwards keeping the lowest byte any later step reads.
        for (var s = steps.Count - 1; s >= 0; s--)
        {
            if (laterRead is { } read) lead = Math.Max(lead, steps[s].WrittenEnd - read);
            if (steps[s].FirstRead is { } first) laterRead = laterRead is { } r ? Math.Min(r, first) : first;
        }
        lead = (lead + Alignment - 1) / Alignment * Alignment;
        return lead >= outputBytes ? null : (int)lead;
    }

    /// <summary>
    /// The lead of a row-streaming window kernel (NHWC, batches in order): before output row oy it loads the padded
    /// input rows up to oy * strideH + windowRows - 1 it has not loaded yet (from oy * strideH on when
    /// <paramref name="skipsUnreadRows"/>: rows a large stride steps over are never read), then writes the row.
    /// A step's first read is the first input row it loads; rows in the padding read nothing.
    /// </summary>
    public static int? OfRowStream(int batches, int inH, int outH, int strideH, int padTop, int windowRows, long inRowBytes, long outRowBytes, bool skipsUnreadRows)
    {
        var steps = new List<(long, long?)>();
        for (var b = 0; b < batches; b++)
            for (int oy = 0, loaded = 0; oy < outH; oy++)
            {
                if (skipsUnreadRows) loaded = Math.Max(loaded, oy * strideH);
                long? first = null;
                for (; loaded < oy * strideH + windowRows; loaded++)
                {
                    var iy = loaded - padTop;
                    if (iy >= 0 && iy < inH) first ??= (b * (long)inH + iy) * inRowBytes;
                }
                steps.Add(((b * (long)outH + oy + 1) * outRowBytes, first));
            }
        return Of(steps, batches * (long)outH * outRowBytes);
    }
}
