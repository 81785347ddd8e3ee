using System.Runtime.CompilerServices;
using Xunit;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Snapshot testing of generated code, our own and small. The verified text lives next to the test
/// in Snapshots/NAME.verified.EXT (committed). A mismatch (or a missing snapshot) writes
/// NAME.received.EXT beside it and fails, naming the first differing line. Accepting is a local,
/// explicit act: run the tests with EDGEGEN_ACCEPT=1 and the received text becomes the verified
/// one. Under CI=true nothing is ever accepted. See tests/README.md.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "EDGEGEN_ACCEPT";

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1" && !Repo.IsCi;

    /// <param name="name">The snapshot's name, unique in the test's folder (e.g. hello_world_int8.Model).</param>
    /// <param name="extension">Its extension without the dot: cs, csproj, md...</param>
    public static void Verify(string name, string extension, string actual, [CallerFilePath] string testFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verified = Path.Combine(dir, $"{name}.verified.{extension}");
        var received = Path.Combine(dir, $"{name}.received.{extension}");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(dir);
        if (Accepting)
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no verified snapshot {verified}; review {received} and accept it with {AcceptVariable}=1 (see tests/README.md)"
            : $"{name}.{extension} differs from its verified snapshot at {FirstDifference(expected, actual)}; review {received} and accept it with {AcceptVariable}=1 (see tests/README.md)");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return $"line {i + 1}: verified `{Shorten(el)}`, received `{Shorten(al)}`";
        }
        return "the end of the file";
    }

    private static string Shorten(string line) => line.Length > 100 ? line[..100] + "..." : line.Trim('\r');
}
