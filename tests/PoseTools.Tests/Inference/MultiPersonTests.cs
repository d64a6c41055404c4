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
    public void OnTheMultiPersonPhotosMostPeopleAreFoundAsWellAsTheOfficialPipelineFindsOne()
    {
        var truth = KeypointEvaluation.ReadGroundTruth(TestEnvironment.DataFile("annotations.json"));
        var crowded = truth.Where(t => t.Value.Count >= 2).ToDictionary(t => t.Key, t => t.Value);
        truth["no-person-fruits.jpg"] = [];
        var multi = KeypointEvaluation.Evaluate(Run(1, 10, crowded.Keys), crowded);
        var all = KeypointEvaluation.Evaluate(Run(1, 10, truth.Keys), truth);
        var official = KeypointEvaluation.Evaluate(KeypointEvaluation.ReadOfficialResults(ReferenceLandmarks.CpuReference(1)), truth);
        output.WriteLine($"multi-person photos, max poses 10: {multi}\nall photos, max poses 10: {all}\nofficial (CPU), one pose: {official}");
        Assert.True(multi.Recalled >= 12, $"{multi.Recalled} of {multi.Persons} people found on the multi-person photos");   // 12/15 reached
        Assert.True(all.MeanOks >= official.MeanOks - 0.02, $"mean OKS {all.MeanOks:F3} vs the official {official.MeanOks:F3}");
        Assert.True(all.FalsePoses <= all.Images / 2, $"{all.FalsePoses} false poses in {all.Images} images");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void APhotoWithoutPeopleHasNoPoseEvenWithEveryTile(int complexity) =>
        Assert.Empty(TestEstimators.Result(complexity, "no-person-fruits.jpg", 10).Poses);

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(640, 429)]
    [InlineData(4000, 3000)]
    public void AdaptiveTilesCoverTheImageAtEveryScaleSoASmallPersonFitsATile(int width, int height)
    {
        var passes = TiledDetection.AdaptivePasses(width, height);
        Assert.NotEmpty(passes);
        var finest = passes[^1];
        Assert.All(finest, t => Assert.True(t.Width <= TiledDetection.FinestTile + 1 && t.Height <= TiledDetection.FinestTile + 1, $"{t.Width}×{t.Height}"));
        foreach (var pass in passes)
        {
            // Every point of the image lies in a tile, and neighbours overlap by a quarter of a tile (a face is never cut).
            for (int y = 0; y < height; y += height / 17)
                for (int x = 0; x < width; x += width / 23)
                    Assert.Contains(pass, t => Math.Abs(x - t.CenterX) <= t.Width / 2 && Math.Abs(y - t.CenterY) <= t.Height / 2);
            var first = pass[0];
            if (pass.Count > 1 && pass[1].CenterY == first.CenterY)
                Assert.Equal(first.Width * TiledDetection.TileOverlap, first.CenterX + first.Width / 2 - (pass[1].CenterX - pass[1].Width / 2), 2);
        }
        Assert.True(passes[0].Count < finest.Count || passes.Count == 1);   // coarsest first
        Assert.Empty(TiledDetection.AdaptivePasses(200, 150));                // one tile would be the whole frame
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
