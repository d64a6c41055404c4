using PoseTools.Analysis;
using PoseTools.Models;

namespace PoseTools.Tests.PowerShell;

public sealed class AnalysisCommandTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static string Data => Path.Combine(TestEnvironment.SharedDirectory, "data");

    [Fact]
    public void AnglesOfNamedJointsAndOfAnyThreeLandmarks()
    {
        var angles = session.Ok($"Get-Pose '{Data}/messi5.jpg' | Measure-PoseAngle -Joint LeftKnee, RightElbow").Cast<JointAngle>().ToList();
        Assert.Equal(["LeftKnee", "RightElbow"], angles.Select(a => a.Joint));
        Assert.All(angles, a => Assert.InRange(a.Degrees, 0, 180));
        var custom = session.Ok($"Get-Pose '{Data}/messi5.jpg' | Measure-PoseAngle -Landmark LeftHip, LeftKnee, LeftAnkle").Cast<JointAngle>().Single();
        Assert.Equal(angles[0].Degrees, custom.Degrees, 6);
        var world = session.Ok($"Get-Pose '{Data}/messi5.jpg' | Measure-PoseAngle LeftKnee -Space World").Cast<JointAngle>().Single();
        Assert.Equal(AngleSpace.World, world.Space);
        Assert.NotEqual(angles[0].Degrees, world.Degrees);
    }

    [Fact]
    public void CompareGivesOneRowPerComplexityAgainstTheHeaviest()
    {
        var rows = session.Ok($"Compare-PoseModel '{Data}/messi5.jpg', '{Data}/basketball1.png' -ModelComplexity Lite, Full").Cast<ModelComparison>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(ModelComplexity.Full, r.Reference));
        Assert.All(rows.Where(r => r.ModelComplexity == ModelComplexity.Full), r => Assert.Equal(0, r.MaxDisagreement));
        Assert.All(rows.Where(r => r.ModelComplexity == ModelComplexity.Lite), r =>
        {
            Assert.InRange(r.MeanDisagreement, 1e-4, 0.1);
            Assert.Equal(33, r.Landmarks.Count);
            Assert.True(r.Milliseconds > 0);
        });
    }

    [Fact]
    public void ModelListShowsFourInstalledModels()
    {
        var models = session.Ok("Get-PoseModel").Cast<PoseModelStatus>().ToList();
        Assert.Equal(4, models.Count);
        Assert.All(models, m => Assert.Equal(ModelState.Installed, m.State));
        Assert.Equal(MediaPipePosePackage.Spec, models[0].SourcePackage);
        var empty = session.Run($"Get-PoseModel -ModelDirectory '{TestEnvironment.NewTempDirectory("posetools-nomodels")}'");
        Assert.All(empty.Output.Select(o => (PoseModelStatus)o.BaseObject), m => Assert.Equal(ModelState.Missing, m.State));
    }

    [Fact]
    public void InstallFromALocalTarballWithProgress()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-psinstall");
        using var ps = session.Create();
        ps.AddScript($"Install-PoseModel -Path '{TestEnvironment.PackageTarball}' -ModelDirectory '{dir}'");
        var models = ps.Invoke().Select(o => (PoseModelStatus)o.BaseObject).ToList();
        Assert.False(ps.HadErrors);
        Assert.All(models, m => Assert.Equal(ModelState.Installed, m.State));
        Assert.Contains(ps.Streams.Progress, p => p.StatusDescription.Contains("Converting"));
    }
}
