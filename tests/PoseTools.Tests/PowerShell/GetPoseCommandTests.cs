using System.Management.Automation;
using OpenCvSharp;
using PoseTools.Results;

namespace PoseTools.Tests.PowerShell;

public sealed class GetPoseCommandTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static string Data => Path.Combine(TestEnvironment.SharedDirectory, "data");

    [Fact]
    public void FileInfoObjectsFromTheProviderBindByPropertyName()
    {
        var results = session.Ok($"$ExecutionContext.InvokeProvider.ChildItem.Get('{Data}/*.jpg', $false) | Get-Pose").Cast<PoseResult>().ToList();
        var jpgs = Directory.GetFiles(Data, "*.jpg").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(jpgs.Count, results.Count);
        Assert.Equal(jpgs, results.Select(r => r.Source).Order(StringComparer.Ordinal));
        Assert.Contains(results, r => r.Poses.Count == 0); // the fruit bowl: an empty result, not an error
    }

    [Fact]
    public void WildcardPathIsResolvedByTheCmdlet()
    {
        var results = session.Ok($"Get-Pose '{Data}/S*.jpg'").Cast<PoseResult>().ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.StartsWith("S", Path.GetFileName(r.Source)));
        // relative to the PowerShell location, not the process's current directory
        var relative = session.Ok($"$here = $PWD.Path; $null = $ExecutionContext.SessionState.Path.SetLocation('{Data}'); Get-Pose 'messi*.jpg'; $null = $ExecutionContext.SessionState.Path.SetLocation($here)").OfType<PoseResult>().Single();
        Assert.Equal(Path.Combine(Data, "messi5.jpg"), relative.Source);
    }

    [Fact]
    public void BadFilesBecomeErrorRecordsAndTheGoodOnesStillComeOut()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-mixed");
        File.Copy(Path.Combine(Data, "messi5.jpg"), Path.Combine(dir, "a-good.jpg"));
        File.Copy(Path.Combine(Data, "basketball1.png"), Path.Combine(dir, "b-good.png"));
        File.WriteAllBytes(Path.Combine(dir, "c-empty.jpg"), []);
        File.WriteAllText(Path.Combine(dir, "d-text.jpg"), "not a picture");
        var messi = File.ReadAllBytes(Path.Combine(Data, "messi5.jpg"));
        File.WriteAllBytes(Path.Combine(dir, "e-cut.jpg"), messi[..(messi.Length / 2)]);

        var (output, errors) = session.Run($"Get-Pose '{dir}/*' -ErrorAction Continue");
        Assert.Equal(["a-good.jpg", "b-good.png"], output.Select(o => Path.GetFileName(((PoseResult)o.BaseObject).Source)));
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("InvalidImage,PoseTools.PowerShell.GetPoseCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        });
        Assert.Equal(["c-empty.jpg", "d-text.jpg", "e-cut.jpg"], errors.Select(e => Path.GetFileName((string)e.TargetObject)));
    }

    [Fact]
    public void MissingFileIsAnObjectNotFoundError()
    {
        var (output, errors) = session.Run("Get-Pose -LiteralPath '/no/such/photo.jpg'");
        Assert.Empty(output);
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(errors).CategoryInfo.Category);
    }

    [Fact]
    public void LandmarksAreReadableByName()
    {
        var name = session.Ok($"(Get-Pose '{Data}/messi5.jpg').Poses[0].Landmarks.LeftKnee.Name").Single();
        Assert.Equal(PoseLandmark.LeftKnee, name);
        var count = session.Ok($"@((Get-Pose '{Data}/messi5.jpg').Poses[0].Landmarks | Where-Object Visibility -gt 0.5).Count").Single();
        Assert.InRange((int)count, 20, 33);
    }

    [Fact]
    public void ModelComplexityTakesNamesAndNumbers()
    {
        var results = session.Ok($"Get-Pose '{Data}/messi5.jpg' -ModelComplexity 0; Get-Pose '{Data}/messi5.jpg' -ModelComplexity Heavy").Cast<PoseResult>().ToList();
        Assert.Equal([PoseTools.Models.ModelComplexity.Lite, PoseTools.Models.ModelComplexity.Heavy], results.Select(r => r.ModelComplexity));
        var (_, errors) = session.Run($"Get-Pose '{Data}/messi5.jpg' -ModelComplexity 7");
        Assert.Equal("CannotConvertArgumentNoMessage,PoseTools.PowerShell.GetPoseCommand", Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void InputObjectTakesBytesStreamsAndMats()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Data, "messi5.jpg"));
        using var mat = Cv2.ImRead(Path.Combine(Data, "messi5.jpg"));
        var results = session.Ok("Get-Pose -InputObject $bytes; Get-Pose -InputObject ([IO.MemoryStream]::new($bytes)); Get-Pose -InputObject $mat",
            new Dictionary<string, object?> { ["bytes"] = bytes, ["mat"] = mat }).Cast<PoseResult>().ToList();
        Assert.Equal(["bytes", "stream", "image"], results.Select(r => r.Source));
        Assert.All(results, r => Assert.Single(r.Poses));
        var (_, errors) = session.Run("Get-Pose -InputObject 42");
        Assert.Equal(ErrorCategory.InvalidArgument, Assert.Single(errors).CategoryInfo.Category);
    }

    [Fact]
    public void StoppingThePipelineEndsItPromptly()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-stop");
        for (int i = 0; i < 60; i++) File.Copy(Path.Combine(Data, "messi5.jpg"), Path.Combine(dir, $"{i:D3}.jpg"));
        using var ps = session.Create();
        ps.AddScript($"Get-Pose '{dir}/*.jpg' -ModelComplexity Heavy");
        var output = new PSDataCollection<PSObject>();
        var first = new ManualResetEventSlim();
        output.DataAdded += (_, _) => first.Set();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(first.Wait(TimeSpan.FromSeconds(60)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {watch.Elapsed}");
        Assert.True(output.Count < 60, $"{output.Count} results after Stop");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        _ = running;
    }
}
