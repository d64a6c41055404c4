using System.Diagnostics;
using System.Text.Json;

namespace PoseTools.Bench;

/// <summary>
/// The official runtime's speed, measured in the same invocation as ours: the four MediaPipe Pose .tflite models run by
/// LiteRT.js (XNNPack on WASM, one thread) in headless Chromium, through ../shared/tools/mpref/litert.mjs on the shared
/// reference input tensors. The harness is copied to the user's cache and installed with npm once.
/// </summary>
public static class OfficialRuntime
{
    /// <summary>Median milliseconds per model (pose_detection, pose_landmark_lite/full/heavy), or null with the reason printed.</summary>
    public static IReadOnlyDictionary<string, double>? Measure(string shared, int repeat = 30)
    {
        string harness = Path.Combine(shared, "tools", "mpref");
        string tensors = Path.Combine(shared, "reference", "tensors");
        string work = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "posetools", "bench-mpref");
        try
        {
            if (!File.Exists(Path.Combine(work, "out", "tmp", "task", "full", "pose_detector.tflite")))
            {
                Directory.CreateDirectory(work);
                foreach (var file in Directory.GetFiles(harness)) File.Copy(file, Path.Combine(work, Path.GetFileName(file)), overwrite: true);
                Run(work, "npm", "install", "--no-audit", "--no-fund", "--silent");
                Run(work, "bash", "make-models.sh");
            }
            string output = Path.Combine(work, "timing");
            Run(work, "node", "litert.mjs", "--inputs", tensors, "--out", output, "--repeat", repeat.ToString());
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
            return summary.RootElement.GetProperty("models").EnumerateObject()
                .ToDictionary(m => m.Name, m => m.Value.GetProperty("ms_median").GetDouble());
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or JsonException)
        {
            Console.WriteLine($"official runtime not measured ({e.Message}); needs node, npm and Debian's chromium");
            return null;
        }
    }

    private static void Run(string directory, string program, params string[] arguments)
    {
        var psi = new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {stderr.Trim()} {stdout.Result.Trim()}");
    }
}
