using EdgeGen.Import.FlatBuffers;
using Xunit;

namespace EdgeGen.Tests.Import;

/// <summary>The reader's bounds checks hold for extreme positions and lengths (no overflow into a passing check).</summary>
public class FlatBufferReaderTests
{
    [Theory]
    [InlineData(long.MaxValue - 4, 100)]
    [InlineData(8, long.MaxValue)]
    [InlineData(-1, 1)]
    [InlineData(16, 1)]
    [InlineData(0, 17)]
    public void Slices_outside_the_buffer_are_corrupt_not_crashes(long position, long length)
    {
        var reader = new FlatBufferReader(new byte[16], "probe.tflite");
        var e = Assert.Throws<EdgeGenException>(() => reader.Slice(position, length, "probe").ToArray());
        Assert.Contains("probe.tflite: corrupt FlatBuffer", e.Message);
    }

    [Fact]
    public void The_whole_buffer_is_a_valid_slice()
    {
        Assert.Equal(16, new FlatBufferReader(new byte[16], "probe").Slice(0, 16, "all").Length);
        Assert.Equal(0, new FlatBufferReader(new byte[16], "probe").Slice(16, 0, "end").Length);
    }
}
