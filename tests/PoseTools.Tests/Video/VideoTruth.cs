using System.Text.Json;
using System.Text.RegularExpressions;

namespace PoseTools.Tests.Video;

/// <summary>What ../shared/data/videos.json says about a clip: frames, rate, true repetitions, and the frame ranges
/// its notes give for the low phases ("around frames 50-90 and 190-240"), widened by a few frames.</summary>
public sealed partial record VideoTruth(int Frames, double Fps, int Repetitions, List<(int Start, int End)> LowPhases)
{
    private const int Around = 8;

    /// <summary>Every clip videos.json describes, by file name.</summary>
    public static IReadOnlyDictionary<string, VideoTruth> All
    {
        get
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.DataFile("videos.json")));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => For(p.Name));
        }
    }

    public static VideoTruth For(string clip)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.DataFile("videos.json")));
        var entry = doc.RootElement.GetProperty(clip);
        int repetitions = entry.TryGetProperty("repetitions", out var r) ? r.GetInt32() : 0;
        string notes = entry.TryGetProperty("notes", out var n) ? n.GetString() ?? "" : "";
        var phases = FrameRange().Matches(notes).Select(m => (int.Parse(m.Groups[1].Value) - Around, int.Parse(m.Groups[2].Value) + Around)).ToList();
        return new VideoTruth(entry.GetProperty("frames").GetInt32(), entry.GetProperty("fps").GetDouble(), repetitions, phases);
    }

    [GeneratedRegex(@"(\d+)\s*-\s*(\d+)")]
    private static partial Regex FrameRange();
}
