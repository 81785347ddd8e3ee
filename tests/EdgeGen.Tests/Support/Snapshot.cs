using Xunit;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Snapshot testing of generated code: the accepted text lives in tests/EdgeGen.Tests/Snapshots as
/// NAME.verified.EXT. A mismatch (or a missing snapshot) writes NAME.received.EXT beside it and
/// fails. Accepting is an explicit local act: run the tests with EDGEGEN_ACCEPT=1 to overwrite the
/// verified files, then review the diff. CI never sets it (.ci/run unsets it).
/// </summary>
public static class Snapshot
{
    public static string Directory => Path.Combine(Repo.Root, "tests", "EdgeGen.Tests", "Snapshots");

    public static void Verify(string name, string actual, string extension)
    {
        var verified = Path.Combine(Directory, $"{name}.verified.{extension}");
        var received = Path.Combine(Directory, $"{name}.received.{extension}");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable("EDGEGEN_ACCEPT") == "1" && !Repo.IsCi)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no snapshot {verified}; wrote {received}. Review it and accept with EDGEGEN_ACCEPT=1."
            : $"generated code differs from {verified} (first difference at line {FirstDifferentLine(expected, actual)}); wrote {received}. Review the diff and accept with EDGEGEN_ACCEPT=1 if intended.");
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (var i = 0; i < Math.Min(la.Length, lb.Length); i++)
            if (la[i] != lb[i]) return i + 1;
        return Math.Min(la.Length, lb.Length) + 1;
    }
}
