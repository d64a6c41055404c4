using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Models;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// What the landmark model found in one region, in image space: <see cref="Presence"/> is its pose presence (the
/// result's <c>Pose.Presence</c>, compared with <c>MinPresenceConfidence</c>); <see cref="Landmarks"/> are the 33 body
/// landmarks followed by the two auxiliary ones that place the next region.
/// </summary>
public sealed record LandmarkerOutput(
    float Presence,
    RawLandmark[] Landmarks,
    (float X, float Y, float Z)[] WorldLandmarks,
    float[]? MaskInRegion)
{
    /// <summary>Auxiliary landmark 33: the centre of the body (between the hips), where the next region is centred.</summary>
    public NormalizedPoint BodyCenter => new(Landmarks[LandmarkDecoder.BodyCenter].X, Landmarks[LandmarkDecoder.BodyCenter].Y);

    /// <summary>Auxiliary landmark 34: a point whose distance from <see cref="BodyCenter"/> gives the body's size and angle.</summary>
    public NormalizedPoint ScalePoint => new(Landmarks[LandmarkDecoder.ScalePoint].X, Landmarks[LandmarkDecoder.ScalePoint].Y);

    /// <summary>The mean presence of the shoulders and hips: whether the model finds a torso in the region at all.</summary>
    public float TorsoPresence => (Landmarks[11].Presence + Landmarks[12].Presence + Landmarks[23].Presence + Landmarks[24].Presence) / 4;
}

/// <summary>
/// The landmark stage: crop the region into 256×256 (values in [0, 1], edges replicated), run one BlazePose
/// landmark model, and decode. Without segmentation the model's segmentation head is pruned from the graph,
/// which roughly halves the time of the lite and full models.
/// </summary>
public sealed class PoseLandmarker : IDisposable
{
    /// <summary>The landmark models' input side: 256.</summary>
    public const int InputSize = LandmarkDecoder.InputSize;
    private const int MaskSize = 256, HeatmapSize = 64;
    private readonly OnnxModelRunner _runner;
    private readonly int _landmarks, _presence, _heatmap, _world, _mask = -1;

    /// <summary>Loads a landmark model; without <paramref name="segmentation"/> its segmentation head is pruned away.</summary>
    public PoseLandmarker(string modelPath, bool segmentation, int threads = 0)
    {
        Segmentation = segmentation;
        string[] outputs = segmentation ? ["Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4"] : LandmarksOnlyModel.Outputs;
        // Without segmentation, the pruned graph from its file; in a folder that cannot be written, pruned in memory.
        var session = segmentation ? OnnxSessionFactory.Create(modelPath, threads)
            : LandmarksOnlyModel.Find(modelPath) is { } pruned ? OnnxSessionFactory.Create(pruned, threads)
            : OnnxSessionFactory.Create(LandmarksOnlyModel.Prune(File.ReadAllBytes(modelPath)), threads);
        _runner = new OnnxModelRunner(session, outputs);
        _landmarks = _runner.OutputIndex("Identity");
        _presence = _runner.OutputIndex("Identity_1");
        _heatmap = _runner.OutputIndex("Identity_3");
        _world = _runner.OutputIndex("Identity_4");
        if (segmentation) _mask = _runner.OutputIndex("Identity_2");
    }

    /// <summary>Runs once on a blank image: the session's costly first run and the samplers' compilation are paid now.</summary>
    internal void WarmUp()
    {
        using var blank = new Mat(8, 8, MatType.CV_8UC3, Scalar.Black);
        Run(blank, new RegionOfInterest(0.5f, 0.5f, 1, 1, 0));
    }

    /// <summary>Whether the segmentation mask is computed.</summary>
    public bool Segmentation { get; }

    /// <summary>Runs on one region; <see cref="LandmarkerOutput.Presence"/> says whether a pose is there at all.</summary>
    public LandmarkerOutput Run(Mat bgr, RegionOfInterest region, PoseTrace? trace = null, StageTimer? timer = null)
    {
        long t = System.Diagnostics.Stopwatch.GetTimestamp();
        var (pixels, padding) = region.ToPixels(bgr.Cols, bgr.Rows).PadToAspect(InputSize, InputSize);
        var buffers = _runner.Rent();
        try
        {
            TensorSampler.Sample(bgr, pixels, InputSize, InputSize, 0f, 1f, SamplerBorder.Replicate, buffers.Input);
            t = timer?.Lap(StageTimer.Stage.Crop, t) ?? t;
            _runner.Run(buffers);
            t = timer?.Lap(StageTimer.Stage.Landmark, t) ?? t;

            float presence = buffers.Outputs[_presence][0];
            var inCrop = LandmarkDecoder.DecodeInCrop(buffers.Outputs[_landmarks], buffers.Outputs[_heatmap], HeatmapSize);
            var landmarks = inCrop.Select(l => LandmarkDecoder.Project(l, region, padding)).ToArray();
            var world = LandmarkDecoder.DecodeWorld(buffers.Outputs[_world], region.Rotation);
            float[]? mask = null;
            if (_mask >= 0)
            {
                var logits = buffers.Outputs[_mask];
                mask = new float[MaskSize * MaskSize];
                for (int i = 0; i < mask.Length; i++) mask[i] = LandmarkDecoder.Sigmoid(logits[i]);
            }
            trace?.Regions.Add(new LandmarkTrace(region, (float[])buffers.Input.Clone(), (float[])buffers.Outputs[_heatmap].Clone(),
                inCrop, presence, _mask >= 0 ? (float[])buffers.Outputs[_mask].Clone() : null));
            timer?.Lap(StageTimer.Stage.Assemble, t);
            return new LandmarkerOutput(presence, landmarks, world, mask);
        }
        finally
        {
            _runner.Return(buffers);
        }
    }

    /// <summary>Releases the ONNX session.</summary>
    public void Dispose() => _runner.Dispose();
}
