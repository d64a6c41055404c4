using System.Net;
using System.Text.Json.Nodes;
using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Web;
using static PoseTools.Tests.Web.WebServerTests;

namespace PoseTools.Tests.Web;

/// <summary>/api/workout over real HTTP: the shared workout clips give the library's own analysis; bad videos are refused and the server carries on.</summary>
public sealed class WorkoutEndpointTests(WebServerFixture web) : IClassFixture<WebServerFixture>
{
    private static MultipartFormDataContent Video(byte[] bytes, string? maxPoses = null, string? exercise = null)
    {
        var form = Form(bytes, "clip.mp4", maxPoses: maxPoses, field: "video", contentType: "video/mp4");
        if (exercise is not null) form.Add(new StringContent(exercise), "exercise");
        return form;
    }

    private static byte[] Clip(string name) => File.ReadAllBytes(TestEnvironment.DataFile(name));

    [Theory]
    [InlineData("squat_incorrect_002.mp4", null)]
    [InlineData("pushup_incorrect_piked.mp4", "PushUp")]
    public async Task EachRepetitionAndItsFaultsAreTheLibrarysOwn(string clip, string? exercise)
    {
        var (status, json, _) = await Post(web.Client, Video(Clip(clip), exercise: exercise), "api/workout");
        Assert.Equal(HttpStatusCode.OK, status);
        var person = Assert.Single(json["people"]!.AsArray())!;
        var frames = TestEstimators.Video(clip);
        var expected = WorkoutAnalysis.Analyze(frames, exercise is null ? null : Enum.Parse<Exercise>(exercise)).Single();
        Assert.Equal(expected.Exercise.ToString(), person["exercise"]!.GetValue<string>());
        Assert.Equal(frames.Count, json["frames"]!.GetValue<int>());
        var repetitions = person["repetitions"]!.AsArray();
        Assert.Equal(expected.Repetitions.Count, repetitions.Count);
        foreach (var (mine, theirs) in expected.Repetitions.Zip(repetitions))
        {
            Assert.Equal(mine.StartFrame, theirs!["startFrame"]!.GetValue<long>());
            Assert.Equal(mine.EndFrame, theirs["endFrame"]!.GetValue<long>());
            Assert.Equal(mine.Faults, theirs["faults"]!.AsArray().Select(f => f!.GetValue<string>()));
            Assert.Equal(mine.Feedback, theirs["feedback"]!.AsArray().Select(f => f!.GetValue<string>()));
        }
        Assert.NotEmpty(expected.Repetitions.SelectMany(r => r.Faults));   // both clips are labelled incorrect
    }

    [Fact]
    public async Task TheCoachIsUnknownAndThePlankIsOneHold()
    {
        var (_, squat, _) = await Post(web.Client, Video(Clip("squat_correct_011.mp4"), maxPoses: "2"), "api/workout");
        var people = squat["people"]!.AsArray();
        Assert.Equal(["Squat", "Unknown"], people.Select(p => p!["exercise"]!.GetValue<string>()).Order());
        Assert.Single(people.Single(p => p!["exercise"]!.GetValue<string>() == "Squat")!["repetitions"]!.AsArray());
        Assert.Empty(people.Single(p => p!["exercise"]!.GetValue<string>() == "Unknown")!["repetitions"]!.AsArray());

        var (_, plank, response) = await Post(web.Client, Video(Clip("plank_correct_002.mp4")), "api/workout");
        var hold = Assert.Single(Assert.Single(plank["people"]!.AsArray())!["holds"]!.AsArray())!;
        Assert.InRange(hold["seconds"]!.GetValue<double>(), 2.7, 3.1);
        Assert.Equal("miss", response.Headers.GetValues("X-PoseTools-Cache").Single());
        long hits = (await Health(web.Client))["cacheHits"]!.GetValue<long>();
        var (_, _, again) = await Post(web.Client, Video(Clip("plank_correct_002.mp4")), "api/workout");
        Assert.Equal("hit", again.Headers.GetValues("X-PoseTools-Cache").Single());
        Assert.True((await Health(web.Client))["cacheHits"]!.GetValue<long>() > hits);   // counted with the photos' in /api/health
    }

    [Fact]
    public async Task BadVideosAreRefusedWithTheirReasonAndTheServerCarriesOn()
    {
        AssertError((await Post(web.Client, Video(File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"))), "api/workout")).Json, 415, "not-a-video");
        AssertError((await Post(web.Client, Video(Clip("pushup_correct_001.mp4")[..4000]), "api/workout")).Json, 422, "unreadable-video");
        AssertError((await Post(web.Client, Video(Clip("pushup_correct_001.mp4"), exercise: "Walking"), "api/workout")).Json, 400, "bad-exercise");
        AssertError((await Post(web.Client, Video(Clip("pushup_correct_001.mp4"), maxPoses: "99"), "api/workout")).Json, 400, "bad-max-poses");

        // Limits of a server of its own: one second of video, frames of at most half a megapixel (the clips are 640 × 360 and 1280 × 720).
        await using var strict = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0, MaxVideoSeconds = 1, MaxPixels = 500_000 });
        using var client = new HttpClient { BaseAddress = strict.Url, Timeout = TimeSpan.FromMinutes(2) };
        AssertError((await Post(client, Video(Clip("pushup_incorrect_001.mp4")), "api/workout")).Json, 413, "video-too-long");
        AssertError((await Post(client, Video(Clip("squat_correct_010.mp4")), "api/workout")).Json, 413, "too-many-pixels");
        Assert.Equal(1, (await Health(client))["maxVideoSeconds"]!.GetValue<int>());
        var (status, photo, _) = await Post(client, Form(File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"))));
        Assert.Equal(HttpStatusCode.OK, status);   // and it still answers
        Assert.Single(photo["poses"]!.AsArray());
    }

    private static async Task<JsonNode> Health(HttpClient client) => JsonNode.Parse(await client.GetStringAsync("api/health"))!;
}
