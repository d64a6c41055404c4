using System.Globalization;
using PoseTools.Results;

namespace PoseTools.Export;

/// <summary>
/// Writes results as CSV, one row per landmark of each pose of each image or frame (the long format that
/// spreadsheets, pandas and R read directly). Columns are fixed: see <see cref="Header"/> and docs/result-schema.md.
/// </summary>
public sealed class PoseCsvWriter : IDisposable
{
    /// <summary>The CSV header row (docs/result-schema.md).</summary>
    public const string Header = "source,frame_index,timestamp_ms,pose_index,person_id,pose_score,landmark,x,y,z,visibility,presence,pixel_x,pixel_y,world_x,world_y,world_z";
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    /// <param name="writeHeader">False when appending to a file that already has the header.</param>
    public PoseCsvWriter(TextWriter writer, bool writeHeader = true, bool leaveOpen = false)
    {
        _writer = writer;
        _ownsWriter = !leaveOpen;
        if (writeHeader) _writer.WriteLine(Header);
    }

    /// <summary>Writes one row per landmark of each pose of the result.</summary>
    public void Write(PoseResult result)
    {
        var c = CultureInfo.InvariantCulture;
        string source = Quote(result.Source);
        string frame = result.FrameIndex?.ToString(c) ?? "";
        string time = result.Timestamp is { } t ? Math.Round(t.TotalMilliseconds, 3).ToString(c) : "";
        for (int p = 0; p < result.Poses.Count; p++)
        {
            var pose = result.Poses[p];
            string person = pose.PersonId?.ToString(c) ?? "";
            for (int i = 0; i < pose.Landmarks.Count; i++)
            {
                var l = pose.Landmarks[i];
                var w = pose.WorldLandmarks[i];
                _writer.WriteLine(string.Join(',', source, frame, time, p.ToString(c), person, F(pose.Presence), l.Name.ToString(),
                    F(l.X), F(l.Y), F(l.Z), F(l.Visibility), F(l.Presence), F(l.PixelX), F(l.PixelY), F(w.X), F(w.Y), F(w.Z)));
            }
        }
    }

    private static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting for fields that need it (paths with commas or quotes).</summary>
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>Flushes and closes the writer (and the underlying writer unless it was left open).</summary>
    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter) _writer.Dispose();
    }
}
