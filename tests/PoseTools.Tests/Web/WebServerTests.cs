using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCvSharp;
using PoseTools.Web;

namespace PoseTools.Tests.Web;

/// <summary>A server on a free loopback port with an output folder, shared by the API tests.</summary>
public sealed class WebServerFixture : IAsyncLifetime
{
    public PoseWebServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string OutputDirectory { get; } = Path.Combine(TestEnvironment.NewTempDirectory("posetools-web"), "uploads");

    public async Task InitializeAsync()
    {
        _ = TestEnvironment.Models;
        Server = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0, OutputDirectory = OutputDirectory });
        Client = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The JSON API over real HTTP: good photos, bad input of every kind, limits, the cache and the queue.</summary>
public sealed class WebServerTests(WebServerFixture web) : IClassFixture<WebServerFixture>
{
    private static byte[] Photo(string name) => File.ReadAllBytes(TestEnvironment.DataFile(name));

    internal static MultipartFormDataContent Form(byte[] image, string fileName = "photo.jpg", string? complexity = null, string? maxPoses = null,
        string field = "image", string contentType = "image/jpeg")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, field, fileName);
        if (complexity is not null) form.Add(new StringContent(complexity), "modelComplexity");
        if (maxPoses is not null) form.Add(new StringContent(maxPoses), "maxPoses");
        return form;
    }

    internal static async Task<(HttpStatusCode Status, JsonNode Json, HttpResponseMessage Response)> Post(HttpClient client, HttpContent content, string path = "api/pose")
    {
        var response = await client.PostAsync(path, content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonNode.Parse(body)!, response);
    }

    internal static void AssertError(JsonNode json, int status, string code)
    {
        Assert.Equal(status, json["error"]!["status"]!.GetValue<int>());
        Assert.Equal(code, json["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(json["error"]!["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("messi5.jpg", "full", 1)]
    [InlineData("basketball1.png", "lite", 0)]
    [InlineData("000000040083.jpg", "heavy", 2)]
    public async Task LandmarksAreTheLibrarysOwn(string photo, string complexity, int level)
    {
        var (status, json, _) = await Post(web.Client, Form(Photo(photo), complexity: complexity, maxPoses: "2"));
        Assert.Equal(HttpStatusCode.OK, status);
        var expected = TestEstimators.For(level, maxPoses: 2).Estimate(Photo(photo), "bytes");
        Assert.Equal(level, json["modelComplexity"]!.GetValue<int>());
        Assert.Equal((expected.Width, expected.Height), (json["width"]!.GetValue<int>(), json["height"]!.GetValue<int>()));
        var poses = json["poses"]!.AsArray();
        Assert.Equal(expected.Poses.Count, poses.Count);
        for (int p = 0; p < poses.Count; p++)
        {
            var landmarks = poses[p]!["landmarks"]!.AsArray();
            Assert.Equal(33, landmarks.Count);
            for (int i = 0; i < 33; i++)
            {
                Assert.Equal(expected.Poses[p].Landmarks[i].Name.ToString(), landmarks[i]!["name"]!.GetValue<string>());
                Assert.Equal(expected.Poses[p].Landmarks[i].X, landmarks[i]!["x"]!.GetValue<float>(), 6);
                Assert.Equal(expected.Poses[p].Landmarks[i].Y, landmarks[i]!["y"]!.GetValue<float>(), 6);
            }
        }
        Assert.StartsWith("upload:", json["source"]!.GetValue<string>());
    }

    // A JPEG photo gets a JPEG overlay (fast to encode and send for a phone's photo), any other a lossless PNG; the
    // joints are red where the landmarks are in both (JPEG's chroma blurs the small dots a little).
    [Theory]
    [InlineData(".jpg", "image/jpeg", 160, 110)]
    [InlineData(".png", "image/png", 200, 80)]
    public async Task TheSkeletonOverlayHasTheJointsWhereTheLandmarksAre(string uploadAs, string mediaType, int minRed, int maxOther)
    {
        using var photo = Cv2.ImRead(TestEnvironment.DataFile("messi5.jpg"));
        var bytes = uploadAs == ".jpg" ? Photo("messi5.jpg") : photo.ImEncode(".png");
        var response = await web.Client.PostAsync("api/pose/skeleton", Form(bytes, "messi5" + uploadAs));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        using var image = Cv2.ImDecode(await response.Content.ReadAsByteArrayAsync(), ImreadModes.Color);
        var pose = TestEstimators.Result(1, "messi5.jpg").Poses[0];
        Assert.Equal((548, 342), (image.Cols, image.Rows));
        foreach (var l in pose.Landmarks.Where(l => l.Visibility > 0.5 && l.PixelX is > 2 and < 545 && l.PixelY is > 2 and < 339))
        {
            var pixel = image.At<Vec3b>((int)Math.Round(l.PixelY), (int)Math.Round(l.PixelX));
            Assert.True(pixel.Item2 > minRed && pixel.Item1 < maxOther && pixel.Item0 < maxOther, $"{l.Name}: {pixel}");
        }
    }

    [Fact]
    public async Task APhotoWithoutPeopleHasNoPoses()
    {
        var (status, json, _) = await Post(web.Client, Form(Photo("no-person-fruits.jpg")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(json["poses"]!.AsArray());
    }

    [Fact]
    public async Task TheSamePhotoTwiceIsComputedOnce()
    {
        var bytes = Photo("000000196141.jpg"); // used by no other test of this server
        var (_, first, firstResponse) = await Post(web.Client, Form(bytes, complexity: "lite"));
        long computed = (await Health(web.Client))["computed"]!.GetValue<long>();
        var (_, second, secondResponse) = await Post(web.Client, Form(bytes, "another-name.png", complexity: "lite"));
        Assert.Equal("miss", firstResponse.Headers.GetValues("X-PoseTools-Cache").Single());
        Assert.Equal("hit", secondResponse.Headers.GetValues("X-PoseTools-Cache").Single());
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(computed, (await Health(web.Client))["computed"]!.GetValue<long>());
        // A different model is a different result.
        var (_, _, heavy) = await Post(web.Client, Form(bytes, complexity: "heavy"));
        Assert.Equal("miss", heavy.Headers.GetValues("X-PoseTools-Cache").Single());
    }

    [Fact]
    public async Task TextNamedLikeAPhotoIsRefusedByItsContent()
    {
        var (status, json, _) = await Post(web.Client, Form("just some text, not a picture"u8.ToArray(), "holiday.jpg"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        AssertError(json, 415, "not-an-image");
    }

    [Fact]
    public async Task ATruncatedJpegIsRefused()
    {
        var bytes = Photo("messi5.jpg");
        var (status, json, _) = await Post(web.Client, Form(bytes[..(bytes.Length / 2)]));
        Assert.Equal((HttpStatusCode)422, status);
        AssertError(json, 422, "truncated-image");
    }

    [Fact]
    public async Task HugeDimensionsAreRefusedBeforeDecoding()
    {
        // A real 32×32 PNG whose header is rewritten to claim 40000×40000 pixels (a decompression bomb's signature).
        Cv2.ImEncode(".png", new Mat(32, 32, MatType.CV_8UC3, Scalar.All(128)), out var png);
        WriteBigEndian(png, 16, 40000);
        WriteBigEndian(png, 20, 40000);
        WriteBigEndian(png, 29, Crc32(png.AsSpan(12, 17)));
        var (status, json, _) = await Post(web.Client, Form(png, "bomb.png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertError(json, 413, "too-many-pixels");
    }

    [Fact]
    public async Task BadOptionsAndBadFormsAreClearErrors()
    {
        var photo = Photo("messi5.jpg");
        AssertError((await Post(web.Client, Form(photo, complexity: "ultra"))).Json, 400, "bad-model-complexity");
        AssertError((await Post(web.Client, Form(photo, maxPoses: "0"))).Json, 400, "bad-max-poses");
        AssertError((await Post(web.Client, Form(photo, maxPoses: "11"))).Json, 400, "bad-max-poses");
        var raw = new ByteArrayContent(photo);
        raw.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        AssertError((await Post(web.Client, raw)).Json, 415, "multipart-expected");
        var noFile = new MultipartFormDataContent { { new StringContent("full"), "modelComplexity" } };
        AssertError((await Post(web.Client, noFile)).Json, 400, "no-image");
        AssertError((await Post(web.Client, Form([], "empty.jpg"))).Json, 400, "empty-image");
        var missing = await web.Client.GetAsync("api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertError(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!, 404, "not-found");
        // … and the server is still fine.
        Assert.Equal("ok", (await Health(web.Client))["status"]!.GetValue<string>());
    }

    /// <summary>A hand-made multipart body (HttpClient's own would be well-formed).</summary>
    private static ByteArrayContent RawMultipart(string body, string boundary = "b0undary")
    {
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(body.Replace("\n", "\r\n")));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return content;
    }

    [Fact]
    public async Task MalformedAndOverlongFormsGetOwnMessagesNamingTheLimitHit()
    {
        // A body that ends inside a part: 400 with a message of ours, nothing of the exception inside.
        var (status, json, _) = await Post(web.Client, RawMultipart("--b0undary\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\n\n\xff\xd8 half a part"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(json, 400, "bad-form");
        Assert.DoesNotContain("Stream", json["error"]!["message"]!.GetValue<string>());

        // 1,000 fields (0.1 MB, far below the 20 MB limit): the field count is what is too large.
        var fields = new System.Text.StringBuilder();
        for (int i = 0; i < 1000; i++) fields.Append($"--b0undary\nContent-Disposition: form-data; name=\"f{i}\"\n\nx\n");
        fields.Append("--b0undary--\n");
        (status, json, _) = await Post(web.Client, RawMultipart(fields.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(json, 400, "too-many-fields");
        Assert.Contains("more than 16 fields", json["error"]!["message"]!.GetValue<string>());

        // One part with 20,000 headers.
        var headers = new System.Text.StringBuilder("--b0undary\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\n");
        for (int i = 0; i < 20_000; i++) headers.Append($"X-H{i}: v\n");
        headers.Append("\nxx\n--b0undary--\n");
        (status, json, _) = await Post(web.Client, RawMultipart(headers.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(json["error"]!["code"]!.GetValue<string>(), new[] { "too-many-part-headers", "part-headers-too-long" });
        Assert.DoesNotContain("20 MB", json["error"]!["message"]!.GetValue<string>());
        Assert.Equal("ok", (await Health(web.Client))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyTheServersOwnHostNamesAreAnswered()
    {
        // DNS rebinding: a page on evil.example that points its name at 127.0.0.1 still sends Host: evil.example.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/health");
        rebound.Headers.Host = "evil.example";
        var response = await web.Client.SendAsync(rebound);
        Assert.Equal((HttpStatusCode)421, response.StatusCode);
        AssertError(JsonNode.Parse(await response.Content.ReadAsStringAsync())!, 421, "host-not-allowed");
        foreach (var host in new[] { "localhost", "127.0.0.1", $"127.0.0.1:{web.Server.Port}", $"localhost:{web.Server.Port}" })
        {
            using var own = new HttpRequestMessage(HttpMethod.Get, "api/health");
            own.Headers.Host = host;
            Assert.Equal(HttpStatusCode.OK, (await web.Client.SendAsync(own)).StatusCode);
        }
        var options = new PoseWebOptions { AllowedHosts = ["pose.lan"] };
        Assert.True(options.IsAllowedHost("pose.lan"));
        Assert.False(options.IsAllowedHost("evil.example"));
        Assert.True(new PoseWebOptions { AllowedHosts = ["*"] }.IsAllowedHost("evil.example"));
    }

    [Fact]
    public async Task ClientFileNamesNeverBecomePaths()
    {
        string parent = Path.GetDirectoryName(web.OutputDirectory)!;
        var names = new[] { "../../escape.jpg", "..\\..\\escape.jpg", "/etc/passwd", "nested/dir/x.jpg", "con.jpg", "%2e%2e%2fescape.jpg" };
        var bytes = Photo("messi5.jpg");
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            // Each upload differs by its last byte (after the JPEG's end marker) so none is a cache hit.
            var variant = bytes.Concat(new[] { (byte)i }).ToArray();
            var (status, json, _) = await Post(web.Client, Form(variant, name));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("escape", json.ToJsonString());
            Assert.DoesNotContain("passwd", json.ToJsonString());
        }
        Assert.Equal(["uploads"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
        var saved = Directory.GetFiles(web.OutputDirectory).Select(Path.GetFileName).ToList();
        Assert.All(saved, f => Assert.Matches(@"^\d{8}-\d{6}-[0-9a-f]{16}\.(jpeg|png|pose\.json)$", f!));
        Assert.Empty(Directory.GetDirectories(web.OutputDirectory));
        Assert.False(File.Exists("/etc/escape.jpg"));
    }

    [Fact]
    public async Task TwentyConcurrentUploadsAreAllAnswered()
    {
        var uploads = Variants(20);
        var responses = await Task.WhenAll(uploads.Select(u => web.Client.PostAsync("api/pose", Form(u))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
            Assert.Single(JsonNode.Parse(await r.Content.ReadAsStringAsync())!["poses"]!.AsArray());
    }

    [Fact]
    public void ConcurrentInferencesShareTheCores()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(1, new PoseWebOptions().InferenceThreads); // one inference per core, one thread each
        Assert.Equal(cores, new PoseWebOptions { MaxConcurrentInferences = 1 }.InferenceThreads);
        Assert.Equal(Math.Max(1, cores / 2), new PoseWebOptions { MaxConcurrentInferences = 2 }.InferenceThreads);
        Assert.Equal(1, new PoseWebOptions { MaxConcurrentInferences = cores * 4 }.InferenceThreads);
    }

    [Fact]
    public async Task ABusyServerSays503WithRetryAfterAndLosesNothing()
    {
        await using var server = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0, MaxConcurrentInferences = 1, MaxQueuedRequests = 2 });
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
        var responses = await Task.WhenAll(Variants(20).Select(u => client.PostAsync("api/pose", Form(u, complexity: "heavy"))));
        Assert.Equal(20, responses.Length);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) >= 3, "the running and the queued requests must be served");
        foreach (var r in busy)
        {
            Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            AssertError(JsonNode.Parse(await r.Content.ReadAsStringAsync())!, 503, "busy");
        }
        Assert.Equal(busy.Count, server.Statistics.Rejected);
        // Once the queue drains, the next request is served.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("api/pose", Form(Photo("messi5.jpg")))).StatusCode);
    }

    [Fact]
    public async Task AnOversizeUploadIsRefusedAndTheServerCarriesOn()
    {
        await using var server = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0, MaxUploadMegabytes = 1 });
        using var client = new HttpClient { BaseAddress = server.Url };
        var big = new byte[3 * 1024 * 1024];
        Photo("messi5.jpg").CopyTo(big, 0);
        var response = await client.PostAsync("api/pose", Form(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertError(JsonNode.Parse(await response.Content.ReadAsStringAsync())!, 413, "upload-too-large");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("api/pose", Form(Photo("messi5.jpg")))).StatusCode);
    }

    [Fact]
    public async Task HealthModelsAndThePageAreServedWithSafeHeaders()
    {
        var health = await Health(web.Client);
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.True(health["modelsInstalled"]!.GetValue<bool>());
        var models = JsonNode.Parse(await web.Client.GetStringAsync("api/models"))!.AsArray();
        Assert.Equal(4, models.Count);
        Assert.All(models, m => Assert.True(m!["installed"]!.GetValue<bool>()));
        Assert.Equal(["Lite", "Full", "Heavy"], models.Select(m => m!["complexity"]?.GetValue<string>()).OfType<string>());

        var page = await web.Client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\"></script>", html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), html); // nothing from elsewhere: works offline
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        foreach (var asset in new[] { "app.js", "style.css" })
            Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync(asset)).StatusCode);
    }

    private static async Task<JsonNode> Health(HttpClient client) => JsonNode.Parse(await client.GetStringAsync("api/health"))!;

    /// <summary>Distinct encodings of one photo (different JPEG qualities), so none is answered from the cache.</summary>
    private static List<byte[]> Variants(int count)
    {
        using var image = Cv2.ImRead(TestEnvironment.DataFile("messi5.jpg"));
        return Enumerable.Range(0, count).Select(i =>
        {
            Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 70 + i));
            return jpeg;
        }).ToList();
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value) => WriteBigEndian(buffer, offset, (uint)value);

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
