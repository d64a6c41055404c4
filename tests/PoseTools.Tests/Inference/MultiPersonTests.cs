using PoseTools.Analysis;
using PoseTools.Inference;
using Xunit.Abstractions;

namespace PoseTools.Tests.Inference;

/// <summary>Several people at once, scored against the COCO-17 ground truth of ../shared/data.</summary>
public sealed class MultiPersonTests(ITestOutputHelper output)
{
    private static Dictionary<string, Results.PoseResult> Run(int complexity, int maxPoses, IEnumerable<string> files) =>
        files.ToDictionary(f => f, f => TestEstimators.Result(complexity, f, maxPoses));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void FindsFarMorePeopleThanTheSinglePersonPipeline(int complexity)
    {
        var truth = KeypointEvaluation.ReadGroundTruth(TestEnvironment.DataFile("annotations.json"));
        var single = KeypointEvaluation.Evaluate(Run(complexity, 1, truth.Keys), truth);
        var multi = KeypointEvaluation.Evaluate(Run(complexity, 10, truth.Keys), truth);
        output.WriteLine($"complexity {complexity}  max poses 1:  {single}");
        output.WriteLine($"complexity {complexity}  max poses 10: {multi}");
        Assert.True(multi.Recalled >= single.Recalled + 5, $"{multi.Recalled} vs {single.Recalled}");
        Assert.True(multi.MeanOks >= single.MeanOks - 0.05);
    }

    [Fact]
    public void NoPersonIsReportedTwice()
    {
        foreach (var file in TestEstimators.SharedImages())
        {
            var result = TestEstimators.Result(1, file, 10);
            for (int i = 0; i < result.Poses.Count; i++)
                for (int j = i + 1; j < result.Poses.Count; j++)
                {
                    var a = result.Poses[i];
                    var b = result.Poses[j];
                    Assert.True(PoseBuilder.MeanDistance(b, a, result.Width, result.Height) >= 0.1f, $"{file}: poses {i} and {j} coincide");
                    Assert.True(PoseBuilder.Containment(b.BodyBox, a.BodyBox) < 0.8f, $"{file}: pose {j} lies inside pose {i}");
                }
        }
    }

    [Fact]
    public void TheMultiPersonResultIncludesThePersonTheSinglePipelineFinds()
    {
        var single = TestEstimators.Result(1, "000000040083.jpg");
        var multi = TestEstimators.Result(1, "000000040083.jpg", 10);
        Assert.True(multi.Poses.Count >= 2);
        Assert.Contains(multi.Poses, p => PoseBuilder.MeanDistance(p, single.Poses[0], single.Width, single.Height) < 0.1f);
    }
}
