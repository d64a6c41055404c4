using System.Text.Json;
using PoseTools.Results;

namespace PoseTools.Export;

/// <summary>
/// Writes results in PoseTools' JSON schema (docs/result-schema.md): an array with one object per image or frame.
/// Streams — each result is written as it comes — so a long video never has to be held in memory.
/// </summary>
public sealed class PoseJsonWriter : IDisposable
{
    /// <summary>The version of the JSON schema written (docs/result-schema.json).</summary>
    public const int SchemaVersion = 1;
    private readonly Utf8JsonWriter _json;
    private readonly bool _ownsStream;
    private readonly Stream _stream;

    /// <summary>Starts a JSON array on the stream; each <see cref="Write"/> adds one result.</summary>
    public PoseJsonWriter(Stream stream, bool indented = true, bool leaveOpen = false)
    {
        _stream = stream;
        _ownsStream = !leaveOpen;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        _json.WriteStartArray();
    }

    /// <summary>Writes one result and flushes it.</summary>
    public void Write(PoseResult result)
    {
        WriteResult(_json, result);
        _json.Flush();
    }

    /// <summary>One result as a JSON object (an element of the array the writer produces), e.g. for a web API.</summary>
    public static byte[] ToJsonObject(PoseResult result, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented })) WriteResult(j, result);
        return buffer.ToArray();
    }

    private static void WriteResult(Utf8JsonWriter j, PoseResult result)
    {
        j.WriteStartObject();
        j.WriteString("source", result.Source);
        j.WriteNumber("width", result.Width);
        j.WriteNumber("height", result.Height);
        j.WriteNumber("modelComplexity", (int)result.ModelComplexity);
        if (result.FrameIndex is { } frame) j.WriteNumber("frameIndex", frame);
        if (result.Timestamp is { } time) j.WriteNumber("timestampMs", Math.Round(time.TotalMilliseconds, 3));
        j.WriteNumber("milliseconds", Math.Round(result.Milliseconds, 3));
        j.WriteStartArray("poses");
        foreach (var pose in result.Poses) WritePose(j, pose);
        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void WritePose(Utf8JsonWriter j, Pose pose)
    {
        j.WriteStartObject();
        j.WriteNumber("score", pose.Presence);
        j.WriteNumber("detectionScore", pose.DetectionScore);
        if (pose.PersonId is { } id) j.WriteNumber("personId", id);
        j.WriteStartObject("box");
        j.WriteNumber("x", pose.BodyBox.X);
        j.WriteNumber("y", pose.BodyBox.Y);
        j.WriteNumber("width", pose.BodyBox.Width);
        j.WriteNumber("height", pose.BodyBox.Height);
        j.WriteEndObject();
        j.WriteStartArray("landmarks");
        foreach (var l in pose.Landmarks)
        {
            j.WriteStartObject();
            j.WriteString("name", l.Name.ToString());
            j.WriteNumber("x", l.X);
            j.WriteNumber("y", l.Y);
            j.WriteNumber("z", l.Z);
            j.WriteNumber("visibility", l.Visibility);
            j.WriteNumber("presence", l.Presence);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("worldLandmarks");
        foreach (var w in pose.WorldLandmarks)
        {
            j.WriteStartObject();
            j.WriteString("name", w.Name.ToString());
            j.WriteNumber("x", w.X);
            j.WriteNumber("y", w.Y);
            j.WriteNumber("z", w.Z);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>The results as one JSON string.</summary>
    public static string ToJson(IEnumerable<PoseResult> results, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new PoseJsonWriter(buffer, indented, leaveOpen: true))
            foreach (var r in results) writer.Write(r);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Closes the JSON array and the stream (unless it was left open).</summary>
    public void Dispose()
    {
        _json.WriteEndArray();
        _json.Flush();
        _json.Dispose();
        if (_ownsStream) _stream.Dispose();
    }
}
