namespace PoseTools.Tests.Export;

/// <summary>The one way PoseTools writes files: whole or not at all, and never a leftover temporary file.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void CommitReplacesTheTargetAndDisposingWithoutCommitLeavesNothing()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-atomic");
        string target = Path.Combine(dir, "out.json");
        File.WriteAllText(target, "old");
        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("new"u8);
            Assert.Equal("old", File.ReadAllText(target));          // readers still see the old file
            Assert.Equal(".json", Path.GetExtension(file.TempPath)); // writers that pick a format by extension still can
            Assert.Equal(dir, Path.GetDirectoryName(file.TempPath)); // same folder: the rename never crosses file systems
            file.Commit();
        }
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(["out.json"], Directory.GetFiles(dir).Select(Path.GetFileName));

        using (var abandoned = AtomicFile.Create(target))
        {
            abandoned.Stream.Write("half"u8);
            Assert.True(File.Exists(abandoned.TempPath));
        } // an error or Ctrl+C: disposed without Commit
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(["out.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AFolderIsRefusedAndACommittedFileCannotBeCommittedAgain()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-atomic");
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => AtomicFile.Create(dir)).Message);
        var file = AtomicFile.Create(Path.Combine(dir, "a.bin"));
        file.Stream.WriteByte(1);
        file.Commit();
        Assert.Throws<ObjectDisposedException>(file.Commit);
        file.Dispose();
        Assert.Equal([1], File.ReadAllBytes(Path.Combine(dir, "a.bin")));
    }
}
