using PoseTools.Models.Onnx;

namespace PoseTools.Models;

/// <summary>
/// A landmark model without its segmentation head, kept as a file beside the model
/// (<c>pose_landmark_full.landmarks-only.onnx</c>). ONNX Runtime loads a session from a file with about 100 MB less
/// memory than from the same graph handed over in bytes (measured on the heavy model: +148–170 MiB against +257 MiB),
/// so the pruned graph is written once — by the model store's install, or on first use where the folder is
/// writable — and loaded from there. It is remade whenever the model file is newer.
/// </summary>
internal static class LandmarksOnlyModel
{
    /// <summary>The landmark outputs kept: landmarks, presence, heatmap, world landmarks (Identity_2, the mask, goes).</summary>
    public static readonly string[] Outputs = ["Identity", "Identity_1", "Identity_3", "Identity_4"];

    /// <summary>Where the pruned copy of <paramref name="modelPath"/> lives.</summary>
    public static string PathOf(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(modelPath)!, Path.GetFileNameWithoutExtension(modelPath) + ".landmarks-only.onnx");

    /// <summary>The pruned model's path, written now if missing or older than the model; null when it cannot be written (a read-only folder).</summary>
    public static string? Find(string modelPath)
    {
        string pruned = PathOf(modelPath);
        if (File.Exists(pruned) && File.GetLastWriteTimeUtc(pruned) >= File.GetLastWriteTimeUtc(modelPath)) return pruned;
        try
        {
            Write(modelPath);
            return pruned;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Writes the pruned copy of a landmark model beside it (<paramref name="model"/>: its bytes, when already in memory).</summary>
    public static void Write(string modelPath, byte[]? model = null) => AtomicFile.Write(PathOf(modelPath), Prune(model ?? File.ReadAllBytes(modelPath)));

    /// <summary>The graph without its segmentation head.</summary>
    public static byte[] Prune(byte[] model) => OnnxGraphPruner.KeepOutputs(model, Outputs);
}
