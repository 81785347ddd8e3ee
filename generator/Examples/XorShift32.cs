namespace EdgeGen.Examples;

/// <summary>
/// The xorshift32 generator ../shared/models uses for its seeded inputs:
/// per step x ^= x &lt;&lt; 13; x ^= x &gt;&gt; 17; x ^= x &lt;&lt; 5 (mod 2^32), and a byte is the low 8 bits.
/// Deterministic on every platform; a seed of 0 would stay 0, so it is replaced by 1.
/// </summary>
public sealed class XorShift32
{
    private uint _state;

    public XorShift32(uint seed) => _state = seed == 0 ? 1u : seed;

    public uint NextUInt32()
    {
        var x = _state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return _state = x;
    }

    public byte NextByte() => (byte)NextUInt32();

    public byte[] NextBytes(int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = NextByte();
        return bytes;
    }

    /// <summary>A value in [0, bound) (bound &gt; 0); the tiny modulo bias does not matter for test data.</summary>
    public int Next(int bound) => (int)(NextUInt32() % (uint)bound);

    /// <summary>A float in [-1, 1) with 24 bits of resolution.</summary>
    public float NextSignedUnit() => (int)(NextUInt32() >> 8) / (float)(1 << 23) - 1f;
}
