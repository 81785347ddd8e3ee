using Xunit;

namespace EdgeGen.Tests.Support;

public static class Bytes
{
    /// <summary>Equal length and content; a failure names the first differing byte (as int8).</summary>
    public static void AssertEqual(byte[] expected, byte[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} bytes, expected {expected.Length}");
        var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(first < 0, $"{what}: first difference at byte {first}: expected {(sbyte)expected[Math.Max(first, 0)]}, got {(sbyte)actual[Math.Max(first, 0)]}");
    }
}
