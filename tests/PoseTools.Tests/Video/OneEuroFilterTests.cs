using PoseTools.Inference;

namespace PoseTools.Tests.Video;

public sealed class OneEuroFilterTests
{
    private static TimeSpan Frame(int i) => TimeSpan.FromSeconds((i + 1) / 30.0);

    [Fact]
    public void LowPassPassesTheFirstValueThenBlends()
    {
        var filter = new LowPassFilter(0.25f);
        Assert.Equal(8f, filter.Apply(8f));
        Assert.Equal(0.25f * 4 + 0.75f * 8, filter.Apply(4f), 5);
        Assert.Equal(4f, filter.LastRawValue);
    }

    [Fact]
    public void SteadiesNoiseOnAStillPoint()
    {
        var p = LandmarkSmoothing.Landmarks;
        var filter = new OneEuroFilter(30, p.MinCutoff, p.Beta, p.DerivateCutoff);
        var random = new Random(7);
        var raw = new List<double>();
        var smoothed = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            float value = 0.5f + (float)(random.NextDouble() - 0.5) * 0.004f;   // ±0.2 % of the frame
            raw.Add(value);
            smoothed.Add(filter.Apply(Frame(i), 1 / 0.3, value));              // a person 30 % of the frame tall
        }
        double Jitter(List<double> v) => v.Skip(30).Zip(v.Skip(31), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(Jitter(smoothed) < 0.5 * Jitter(raw), $"smoothed jitter {Jitter(smoothed):E2} vs raw {Jitter(raw):E2}");
        Assert.InRange(smoothed.Skip(30).Average(), 0.499, 0.501);
    }

    [Fact]
    public void FollowsFastMotionClosely()
    {
        var p = LandmarkSmoothing.Landmarks;
        var filter = new OneEuroFilter(30, p.MinCutoff, p.Beta, p.DerivateCutoff);
        var slow = new OneEuroFilter(30, p.MinCutoff, 0, p.DerivateCutoff);  // no speed adaptation: a plain low-pass
        float fastOut = 0, slowOut = 0, value = 0;
        for (int i = 0; i < 30; i++)
        {
            value = 0.2f + 0.02f * i;    // 60 % of the frame per second
            fastOut = filter.Apply(Frame(i), 1 / 0.3, value);
            slowOut = slow.Apply(Frame(i), 1 / 0.3, value);
        }
        Assert.True(Math.Abs(value - fastOut) < 0.02, $"1€ output {fastOut} trails {value} by more than one frame's motion");
        Assert.True(Math.Abs(value - slowOut) > 5 * Math.Abs(value - fastOut), "the speed term does not reduce lag");
    }

    [Fact]
    public void SamplesThatDoNotAdvanceInTimeAreNotFiltered()
    {
        var filter = new OneEuroFilter(30, 1, 0, 1);
        filter.Apply(Frame(0), 1, 1f);
        filter.Apply(Frame(1), 1, 1f);
        Assert.Equal(5f, filter.Apply(Frame(1), 1, 5f));
        Assert.True(filter.Apply(Frame(2), 1, 5f) < 5f);   // state untouched by the rejected sample: still smoothing from 1
    }
}
