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
        var verified = Path.Combine(Snapshot.Directory, name + ".verified.txt");
        var received = Path.Combine(Snapshot.Directory, name + ".received.txt");
        Directory.CreateDirectory(Snapshot.Directory);
        File.WriteAllText(verified, "line 1\nline 2\n");
        try
        {
            Snapshot.Verify(name, "line 1\nline 2\n", "txt");
            Assert.False(File.Exists(received));
            if (Environment.GetEnvironmentVariable("EDGEGEN_ACCEPT") == "1") return; // accepting overwrites instead of failing
            var e = Assert.Throws<FailException>(() => Snapshot.Verify(name, "line 1\nline two\n", "txt"));
            Assert.Contains("line 2", e.Message);
            Assert.Equal("line 1\nline two\n", File.ReadAllText(received));
        }
        finally
        {
            File.Delete(verified);
            File.Delete(received);
        }
    }
}
