using EdgeGen.Planning;
using Xunit;

namespace EdgeGen.Tests.Planning;

/// <summary>The lead of an output written over its input, from a kernel's steps (written end, first later read).</summary>
public class OverlapLeadTests
{
    [Fact]
    public void A_kernel_that_reads_ahead_of_its_writes_needs_no_lead() =>
        // Step k reads input from 100 * k on and has written 100 * (k + 1) output bytes: writes trail the reads.
        Assert.Equal(0, OverlapLead.Of([(100, 0), (200, 100), (300, 200), (400, 300)], 400));

    [Fact]
    public void A_write_past_the_next_read_moves_the_output_back_by_the_excess_rounded_to_16()
    {
        // After step 0 the kernel has written 150 bytes but step 1 still reads from byte 100: 50, aligned to 64.
        Assert.Equal(64, OverlapLead.Of([(150, 0), (300, 100), (450, 300)], 450));
    }

    [Fact]
    public void Reads_of_any_later_step_count_not_only_the_next_one()
    {
        // Step 2 reads from byte 10 again (a window reaching back): steps 0 and 1 must not write past 10 + lead.
        Assert.Equal(192, OverlapLead.Of([(100, 0), (200, 500), (300, 10), (400, null)], 1000));
    }

    [Theory]
    // Input rows of 10 bytes, output rows of 45, stride 2, one-row window, 4 input rows, 2 output rows. Skipping: step 0
    // reads row 0 and writes 45, step 1 reads row 2 (byte 20): lead 25, aligned 32. Loading every row: step 1 already
    // reads row 1 (byte 10): lead 35, aligned 48.
    [InlineData(true, 32)]
    [InlineData(false, 48)]
    public void A_row_stream_counts_the_rows_each_output_row_loads(bool skipsUnreadRows, int lead) =>
        Assert.Equal(lead, OverlapLead.OfRowStream(batches: 1, inH: 4, outH: 2, strideH: 2, padTop: 0, windowRows: 1, inRowBytes: 10, outRowBytes: 45, skipsUnreadRows));

    [Fact]
    public void A_row_stream_over_padding_rows_reads_nothing_there() =>
        // Pad top 1, 3-row window, same-size rows: output row 0 is written after input rows 0 and 1 are loaded, and
        // every later row loads the next input row, so writes trail the reads.
        Assert.Equal(0, OverlapLead.OfRowStream(batches: 2, inH: 5, outH: 5, strideH: 1, padTop: 1, windowRows: 3, inRowBytes: 32, outRowBytes: 32, skipsUnreadRows: true));

    [Fact]
    public void No_overlap_when_the_lead_would_reach_the_whole_output() =>
        Assert.Null(OverlapLead.Of([(128, 0), (128, 0)], 128));

    [Fact]
    public void Steps_that_read_nothing_do_not_constrain() =>
        Assert.Equal(0, OverlapLead.Of([(100, null), (200, null)], 200));
}
