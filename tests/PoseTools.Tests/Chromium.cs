using System.Diagnostics;

namespace PoseTools.Tests;

/// <summary>Headless Chromium (Debian's chromium package), for tests that must see a page as a browser draws it.</summary>
public static class Chromium
{
    public static string Executable =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed: the browser tests need Debian's 'chromium' package (tools/setup installs it)");

    /// <summary>Loads the page (scripts run for up to <paramref name="budgetMs"/> of virtual time) and saves a screenshot.</summary>
    public static void Screenshot(string url, string png, int width = 1000, int height = 1400, int budgetMs = 10000) =>
        Run(url, $"--screenshot={png}", $"--window-size={width},{height}", $"--virtual-time-budget={budgetMs}");

    /// <summary>The page's DOM after its scripts ran.</summary>
    public static string Dom(string url, int budgetMs = 10000) => Run(url, "--dump-dom", $"--virtual-time-budget={budgetMs}");

    private static string Run(string url, params string[] options)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var o in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                     $"--user-data-dir={TestEnvironment.NewTempDirectory("posetools-chromium")}" }.Concat(options))
            psi.ArgumentList.Add(o);
        psi.ArgumentList.Add(url);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(90_000)) { process.Kill(true); throw new TimeoutException("chromium did not finish in 90 s"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"chromium failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
