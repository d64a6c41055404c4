using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Tests.Video;

public sealed class TrajectoryTests
{
    [Fact]
    public void TheShoulderGoesDownInEachPushUp()
    {
        var results = TestEstimators.Video("pushup_incorrect_001.mp4");
        var truth = VideoTruth.For("pushup_incorrect_001.mp4");
        var shoulder = Trajectories.Of(results, PoseLandmark.RightShoulder).ToList();
        Assert.Equal(results.Count(r => r.Poses.Count > 0), shoulder.Count);
        Assert.All(shoulder.Zip(shoulder.Skip(1)), p => Assert.True(p.Second.Timestamp > p.First.Timestamp));
        Assert.All(shoulder, p => Assert.Equal(results[(int)p.FrameIndex!].Poses[0].Landmarks.RightShoulder.PixelY, p.Value(TrajectoryAxis.PixelY)));

        // Image y grows downward: the shoulder's lowest point in each low phase is well below its height at the start.
        double top = shoulder.Take(20).Average(p => p.PixelY);
        foreach (var (start, end) in truth.LowPhases)
        {
            double low = shoulder.Where(p => p.FrameIndex >= start && p.FrameIndex <= end).Max(p => p.PixelY);
            Assert.True(low - top > 25, $"frames {start}-{end}: shoulder at {low:F0} px vs {top:F0} px at the top");
        }
    }

    [Fact]
    public void PeopleAreListedAndFollowedById()
    {
        var results = TestEstimators.For(new PoseTools.Inference.PoseEstimatorOptions { MaxPoses = 4 })
            .EstimateVideo(TestEnvironment.DataFile("posetrack-000001.mp4")).ToList();
        var people = Trajectories.People(results);
        Assert.True(people.Count >= 2);
        foreach (var id in people)
        {
            var hip = Trajectories.Of(results, PoseLandmark.LeftHip, id).ToList();
            Assert.NotEmpty(hip);
            Assert.All(hip, p => Assert.Equal(id, p.PersonId));
        }
        Assert.Equal([null], Trajectories.People(TestEstimators.Video("squat_correct_010.mp4", track: false)));
    }
}
