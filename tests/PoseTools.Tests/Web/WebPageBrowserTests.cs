using OpenCvSharp;
using PoseTools.Web;
using Xunit.Abstractions;

namespace PoseTools.Tests.Web;

/// <summary>
/// The real page in headless Chromium (DevTools protocol): choose a photo, press Analyse, see the overlay and the
/// 33-row landmark table; then the same on a phone-sized screen. Screenshots are kept in TestResults/.
/// </summary>
public sealed class WebPageBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UploadAPhotoAndSeeItsSkeletonAndLandmarks()
    {
        _ = TestEnvironment.Models;
        await using var server = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0 });
        await using var browser = await DevTools.LaunchAsync();
        await browser.NavigateAsync(server.Url.ToString());
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("document.getElementById('analyse').disabled"));

        await ChooseAsync(browser, "messi5.jpg");
        await browser.EvaluateAsync("document.getElementById('complexity').value = 'heavy'");
        await browser.EvaluateAsync("document.getElementById('analyse').click()");
        Assert.True(await browser.WaitForAsync(
            "(() => { const img = document.querySelector('.result img.overlay'); return !!img && img.complete && img.naturalWidth > 0; })()",
            TimeSpan.FromSeconds(90)), "no overlay appeared: " + await browser.EvaluateAsync("document.getElementById('results').innerText"));

        Assert.Equal(548, (int)(await browser.EvaluateAsync("document.querySelector('.result img.overlay').naturalWidth"))!);
        Assert.Equal(33, (int)(await browser.EvaluateAsync("document.querySelectorAll('.result table.landmarks tr').length - 1"))!);
        Assert.Equal("Nose", (string?)await browser.EvaluateAsync("document.querySelector('.result table.landmarks tr:nth-child(2) td').textContent"));
        string summary = (string)(await browser.EvaluateAsync("document.querySelector('.result .summary').textContent"))!;
        Assert.Contains("1 person", summary);
        Assert.Contains("heavy model", summary);
        Assert.Equal(2, (int)(await browser.EvaluateAsync("document.querySelectorAll('.result .downloads a[download]').length"))!);
        Assert.Equal("messi5.pose.jpg", (string?)await browser.EvaluateAsync("document.querySelectorAll('.result .downloads a')[0].download"));
        Assert.Equal("messi5.pose.json", (string?)await browser.EvaluateAsync("document.querySelectorAll('.result .downloads a')[1].download"));

        using var shot = Save(await browser.ScreenshotAsync(), "web-ui.png");
        // The overlay is on screen: red joint pixels in the screenshot.
        Assert.True(Pixels.Count(shot, Pixels.IsJointRed) > 100, "the skeleton is not visible in the screenshot");

        // A phone-sized screen: nothing wider than the screen.
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 390, height = 844, deviceScaleFactor = 1, mobile = true });
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth + 1"));
        using var phone = Save(await browser.ScreenshotAsync(), "web-ui-phone.png");
        Assert.True(Pixels.Count(phone, Pixels.IsJointRed) > 50);
    }

    [Fact]
    public async Task UploadAWorkoutVideoAndSeeItsRepetitionsAndFaults()
    {
        _ = TestEnvironment.Models;
        await using var server = await PoseWebServer.StartAsync(new PoseWebOptions { Port = 0 });
        await using var browser = await DevTools.LaunchAsync();
        await browser.NavigateAsync(server.Url.ToString());
        await ChooseAsync(browser, "pushup_incorrect_001.mp4");
        await browser.EvaluateAsync("document.getElementById('analyse').click()");
        Assert.True(await browser.WaitForAsync("document.querySelectorAll('.result.workout table.repetitions tr').length > 1 || !!document.querySelector('.result .error')",
            TimeSpan.FromSeconds(120)), "no repetitions appeared: " + await browser.EvaluateAsync("document.getElementById('results').innerText"));

        string heading = (string)(await browser.EvaluateAsync("document.querySelector('.result.workout .person h3').textContent"))!;
        output.WriteLine(heading);
        Assert.Contains("PushUp: 2 repetitions", heading);   // videos.json: 2
        Assert.Equal(2, (int)(await browser.EvaluateAsync("document.querySelectorAll('.result.workout table.repetitions tr.fault').length"))!);
        Assert.Equal("HipsSagging", (string?)await browser.EvaluateAsync("document.querySelector('.result.workout table.repetitions tr.fault td:nth-child(4)').textContent"));
        Assert.Contains("sag", (string?)await browser.EvaluateAsync("document.querySelector('.result.workout table.repetitions tr.fault td:nth-child(5)').textContent"));
        Assert.Equal("pushup_incorrect_001.workout.json", (string?)await browser.EvaluateAsync("document.querySelector('.result.workout .downloads a').download"));
        using var shot = Save(await browser.ScreenshotAsync(), "web-ui-workout.png");

        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 390, height = 844, deviceScaleFactor = 1, mobile = true });
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth + 1"));
    }

    // Chooses a shared file in the page's file input, as a user does, and waits for Analyse to be enabled.
    private static async Task ChooseAsync(DevTools browser, string file)
    {
        await browser.SetFilesAsync("#files", TestEnvironment.DataFile(file));
        Assert.True(await browser.WaitForAsync("!document.getElementById('analyse').disabled", TimeSpan.FromSeconds(10)), $"choosing {file} did not enable Analyse");
    }

    private Mat Save(byte[] png, string name)
    {
        string folder = Path.Combine(TestEnvironment.RepoRoot, "TestResults");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, png);
        output.WriteLine($"screenshot: {path}");
        return Cv2.ImDecode(png, ImreadModes.Color);
    }
}
