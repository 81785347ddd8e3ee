using EdgeGen.Export;
using EdgeGen.Import.FlatBuffers;
using Xunit;

namespace EdgeGen.Tests.Export;

/// <summary>What the builder writes, the bounds-checked reader reads back: scalars, defaults, strings, vectors, nested tables, alignment.</summary>
public class FlatBufferBuilderTests
{
    [Fact]
    public void Scalars_strings_vectors_and_nested_tables_read_back()
    {
        var b = new FlatBufferBuilder(initialCapacity: 16); // forces the buffer to grow several times
        var name = b.CreateString("héllo");
        var ints = b.CreateVector(new[] { 1, -2, int.MaxValue });
        var longs = b.CreateVector(new[] { long.MinValue, 5L });
        var floats = b.CreateVector(new[] { 0.5f, -3.25f });
        var children = new int[3];
        for (var i = 0; i < children.Length; i++)
        {
            b.StartTable();
            b.AddInt32(0, 100 + i);
            children[i] = b.EndTable();
        }
        var childVector = b.CreateOffsetVector(children);
        b.StartTable();
        b.AddByte(0, 7);
        b.AddBool(1, true);
        b.AddInt32(2, -42);
        b.AddUInt32(3, 3_000_000_000u);
        b.AddFloat(4, 1.5f);
        b.AddOffset(5, name);
        b.AddOffset(6, ints);
        b.AddOffset(7, longs);
        b.AddOffset(8, floats);
        b.AddOffset(9, childVector);
        b.AddOffset(10, children[1]);
        var bytes = b.Finish(b.EndTable(), "TEST");

        var reader = new FlatBufferReader(bytes, "test");
        Assert.Equal("TEST", reader.Identifier);
        var root = reader.Root();
        Assert.Equal(7, root.Byte(0));
        Assert.True(root.Bool(1));
        Assert.Equal(-42, root.Int32(2));
        Assert.Equal(3_000_000_000u, root.UInt32(3));
        Assert.Equal(1.5f, root.Float(4));
        Assert.Equal("héllo", root.String(5));
        Assert.Equal(new[] { 1, -2, int.MaxValue }, root.Vector(6, 4, "ints")!.Value.Int32s());
        Assert.Equal(new[] { long.MinValue, 5L }, root.Vector(7, 8, "longs")!.Value.Int64s());
        Assert.Equal(new[] { 0.5f, -3.25f }, root.Vector(8, 4, "floats")!.Value.Floats());
        var kids = root.Vector(9, 4, "children")!.Value;
        Assert.Equal(new[] { 100, 101, 102 }, Enumerable.Range(0, kids.Count).Select(i => kids.Table(i).Int32(0)));
        Assert.Equal(101, root.Table(10, "child")!.Value.Int32(0));
        Assert.Equal(0, bytes.Length % 8);
        Assert.Equal(0, root.Vector(7, 8, "longs")!.Value.Position % 8);
    }

    [Fact]
    public void Fields_equal_to_their_default_are_left_out()
    {
        var b = new FlatBufferBuilder();
        b.StartTable();
        b.AddInt32(0, 1, fallback: 1);
        b.AddBool(1, true, fallback: true);
        b.AddFloat(2, 0f);
        b.AddInt32(3, 5, fallback: 1);
        var root = new FlatBufferReader(b.Finish(b.EndTable(), "TEST"), "test").Root();
        Assert.False(root.Has(0));
        Assert.False(root.Has(1));
        Assert.False(root.Has(2));
        Assert.Equal(1, root.Int32(0, fallback: 1));
        Assert.True(root.Bool(1, fallback: true));
        Assert.Equal(5, root.Int32(3));
    }

    [Fact]
    public void Byte_vectors_are_aligned_in_the_finished_file()
    {
        // Whatever comes before and after, the data starts at a multiple of the requested alignment.
        for (var before = 0; before < 40; before += 3)
        {
            var b = new FlatBufferBuilder(initialCapacity: 16);
            var data = b.CreateByteVector(Enumerable.Range(0, 21 + before).Select(i => (byte)i).ToArray(), alignment: 16);
            var filler = b.CreateByteVector(new byte[before]);
            b.StartTable();
            b.AddOffset(0, data);
            b.AddOffset(1, filler);
            var root = new FlatBufferReader(b.Finish(b.EndTable(), "TEST"), "test").Root();
            var v = root.Vector(0, 1, "data")!.Value;
            Assert.Equal(0, v.Position % 16);
            Assert.Equal(21 + before, v.Count);
            Assert.Equal((byte)20, v.Byte(20));
        }
    }

    [Fact]
    public void An_empty_table_is_valid()
    {
        var b = new FlatBufferBuilder();
        b.StartTable();
        var root = new FlatBufferReader(b.Finish(b.EndTable(), "TEST"), "test").Root();
        Assert.False(root.Has(0));
    }

    [Fact]
    public void Misuse_is_reported()
    {
        var b = new FlatBufferBuilder();
        Assert.Throws<InvalidOperationException>(() => b.AddInt32(0, 1));
        b.StartTable();
        Assert.Throws<InvalidOperationException>(() => b.CreateString("nested"));
        Assert.Throws<InvalidOperationException>(() => b.StartTable());
        b.AddInt32(0, 1);
        Assert.Throws<InvalidOperationException>(() => b.AddInt32(0, 2));
        Assert.Throws<ArgumentException>(() => b.Finish(b.EndTable(), "TOO LONG"));
    }
}
