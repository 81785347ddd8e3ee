using Xunit;
using Xunit.Sdk;

namespace EdgeGen.Tests.Support;

/// <summary>The snapshot helper itself: a match passes, a mismatch fails and writes the received file.</summary>
public class SnapshotTests
{
    [Fact]
    public void Mismatch_fails_and_writes_received_file()
    {
        var name = "snapshot-selftest-" + Guid.NewGuid().ToString("N")[..8];
        var dir = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Snapshots");
        var verified = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        Directory.CreateDirectory(dir);
        File.WriteAllText(verified, "line 1\nline 2\n");
        try
        {
            Snapshot.Verify(name, "txt", "line 1\nline 2\n");
            Assert.False(File.Exists(received));
            if (Snapshot.Accepting) return; // accepting overwrites instead of failing
            var e = Assert.Throws<FailException>(() => Snapshot.Verify(name, "txt", "line 1\nline two\n"));
            Assert.Contains("line 2", e.Message);
            Assert.Equal("line 1\nline two\n", File.ReadAllText(received));
        }
        finally
        {
            File.Delete(verified);
            File.Delete(received);
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
