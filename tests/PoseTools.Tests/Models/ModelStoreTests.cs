using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using PoseTools.Models;
using PoseTools.Models.Conversion;

namespace PoseTools.Tests.Models;

/// <summary>The model store on private folders: install from the package, verify, report corruption, survive interruption.</summary>
public sealed class ModelStoreTests
{
    private static ModelStore InstallFresh(out ModelManifest manifest)
    {
        var store = new ModelStore(TestEnvironment.NewTempDirectory("posetools-store"));
        manifest = store.Install(TestEnvironment.PackageTarball);
        return store;
    }

    [Fact]
    public void InstallsFourVerifiedModelsWithAManifest()
    {
        var progress = new List<ModelInstallProgress>();
        var store = new ModelStore(TestEnvironment.NewTempDirectory("posetools-store"));
        var manifest = store.Install(TestEnvironment.PackageTarball, progress: new SynchronousProgress<ModelInstallProgress>(progress.Add));

        Assert.Equal(MediaPipePosePackage.Spec, manifest.SourcePackage);
        Assert.Equal(TfLiteToOnnxConverter.ConverterVersion, manifest.ConverterVersion);
        Assert.Equal(["pose_detection.onnx", "pose_landmark_full.onnx", "pose_landmark_heavy.onnx", "pose_landmark_lite.onnx"],
            manifest.Models.Select(m => m.File).Order());
        foreach (var m in manifest.Models)
        {
            var path = store.GetModelPath(m.Model);
            Assert.Equal(m.Size, new FileInfo(path).Length);
            Assert.Equal(m.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            using var session = new InferenceSession(path);
            Assert.Equal(["input_1"], session.InputMetadata.Keys);
            Assert.Contains("Identity", session.OutputMetadata.Keys);
        }
        Assert.Equal(ModelComplexity.Heavy, manifest.Models.Single(m => m.Model == PoseModel.LandmarkHeavy).Complexity);

        // Beside each landmark model, its copy without the segmentation head (loaded with less memory than pruning in memory).
        foreach (var m in manifest.Models.Where(m => m.Model != PoseModel.Detector))
        {
            string pruned = LandmarksOnlyModel.PathOf(store.GetModelPath(m.Model));
            using var session = new InferenceSession(pruned);
            Assert.Equal(["Identity", "Identity_1", "Identity_3", "Identity_4"], session.OutputMetadata.Keys.Order());
        }
        Assert.Contains("pose_solution_packed_assets.data[0..2962288]", manifest.Models.Single(m => m.Model == PoseModel.Detector).SourceFile);
        Assert.True(store.IsInstalled());
        Assert.Contains(progress, p => p.Status.Contains("pose_landmark_heavy"));
        Assert.Equal(100, progress[^1].PercentComplete);
        Assert.Empty(Directory.GetFiles(store.Directory, "*.partial"));
    }

    [Fact]
    public void SecondInstallKeepsTheExistingFiles()
    {
        var store = InstallFresh(out _);
        var path = store.GetModelPath(PoseModel.LandmarkLite);
        var written = File.GetLastWriteTimeUtc(path);
        store.Install(TestEnvironment.PackageTarball);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void CorruptModelIsReportedNotLoadedAndRepairedByInstall()
    {
        var store = InstallFresh(out _);
        var path = Path.Combine(store.Directory, "pose_landmark_full.onnx");
        TestEnvironment.Corrupt(path);

        var e = Assert.Throws<ModelCorruptException>(() => store.GetModelPath(PoseModel.LandmarkFull));
        Assert.Contains(path, e.Message);
        Assert.Contains("Reinstall it (ModelStore.Install with force)", e.Message);
        Assert.False(store.IsInstalled());
        Assert.Equal(Path.Combine(store.Directory, "pose_detection.onnx"), store.GetModelPath(PoseModel.Detector));

        store.Install(TestEnvironment.PackageTarball);
        Assert.Equal(path, store.GetModelPath(PoseModel.LandmarkFull));
    }

    [Fact]
    public void InstallingSomeModelsRepairsThoseAndLeavesTheOthersAlone()
    {
        var store = InstallFresh(out _);
        TestEnvironment.Corrupt(Path.Combine(store.Directory, "pose_landmark_full.onnx"));
        var lite = store.GetModelPath(PoseModel.LandmarkLite);
        var liteWritten = File.GetLastWriteTimeUtc(lite);

        Assert.True(store.IsInstalled(PoseModel.Detector, PoseModel.LandmarkLite)); // what a lite call needs is whole
        Assert.False(store.IsInstalled(PoseModel.Detector, PoseModel.LandmarkFull));
        var manifest = store.Install([PoseModel.LandmarkFull], TestEnvironment.PackageTarball);
        Assert.Equal(4, manifest.Models.Count);
        Assert.True(store.IsInstalled());
        Assert.Equal(liteWritten, File.GetLastWriteTimeUtc(lite));
    }

    [Fact]
    public void AFolderThatCannotBeCreatedSaysWhatToDo()
    {
        // A file where the folder should be: it cannot be created, whoever runs this (root included).
        var dir = TestEnvironment.NewTempDirectory("posetools-notafolder");
        File.WriteAllText(Path.Combine(dir, "file"), "");
        var store = new ModelStore(Path.Combine(dir, "file", "models"));
        var e = Assert.Throws<ModelFolderNotWritableException>(() => store.Install(TestEnvironment.PackageTarball));
        Assert.StartsWith($"The model folder {store.Directory} cannot be written", e.Message);
        Assert.Contains(ModelStore.DirectoryVariable, e.Message);
    }

    [Fact]
    public void MissingModelsSayHowToInstallThem()
    {
        var store = new ModelStore(TestEnvironment.NewTempDirectory("posetools-empty"));
        var e = Assert.Throws<ModelNotInstalledException>(() => store.GetModelPath(PoseModel.Detector));
        Assert.Contains("Install the models once (ModelStore.Install)", e.Message);
        Assert.Contains(MediaPipePosePackage.Spec, e.Message);
        Assert.Contains(ModelStore.DirectoryVariable, e.Message);
    }

    [Fact]
    public void InterruptedInstallLeavesNothingThatLoads()
    {
        var store = new ModelStore(TestEnvironment.NewTempDirectory("posetools-interrupted"));
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<ModelInstallProgress>(p =>
        {
            if (p.Status.Contains("pose_landmark_full")) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => store.Install(TestEnvironment.PackageTarball, progress: progress, cancellationToken: cancel.Token));

        Assert.False(store.IsInstalled());
        Assert.Throws<ModelNotInstalledException>(() => store.GetModelPath(PoseModel.Detector));
        Assert.Empty(Directory.GetFiles(store.Directory, "*.partial"));
        store.Install(TestEnvironment.PackageTarball);
        Assert.True(store.IsInstalled());
    }

    [Fact]
    public void TamperedTarballFailsTheIntegrityCheck()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-tampered");
        var copy = Path.Combine(dir, MediaPipePosePackage.TarballFileName);
        var bytes = File.ReadAllBytes(TestEnvironment.PackageTarball);
        bytes[^100] ^= 1;
        File.WriteAllBytes(copy, bytes);
        var store = new ModelStore(Path.Combine(dir, "models"));
        var e = Assert.Throws<ModelInstallException>(() => store.Install(copy));
        Assert.Contains("sha512", e.Message);
        Assert.False(File.Exists(Path.Combine(store.Directory, ModelManifest.FileName)));
    }

    [Fact]
    public void NonexistentSourceIsAClearError()
    {
        var store = new ModelStore(TestEnvironment.NewTempDirectory("posetools-nosource"));
        var e = Assert.Throws<ModelInstallException>(() => store.Install("/no/such/mediapipe-pose.tgz"));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void InstallsFromAnUnpackedPackageFolderAndChecksEachFile()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-unpacked");
        using (var gzip = new GZipStream(File.OpenRead(TestEnvironment.PackageTarball), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, dir, overwriteFiles: true);
        var package = Path.Combine(dir, "package");

        var store = new ModelStore(Path.Combine(dir, "models"));
        store.Install(package);
        Assert.True(store.IsInstalled());

        var lite = Path.Combine(package, "pose_landmark_lite.tflite");
        File.SetAttributes(lite, FileAttributes.Normal);
        var bytes = File.ReadAllBytes(lite);
        bytes[5000] ^= 1;
        File.WriteAllBytes(lite, bytes);
        var e = Assert.Throws<ModelInstallException>(() => new ModelStore(Path.Combine(dir, "models2")).Install(package));
        Assert.Contains("pose_landmark_lite.tflite", e.Message);
        Assert.Contains("sha256", e.Message);
    }

    [Fact]
    public void DetectorRangeComesFromTheLoaderScript()
    {
        const string loader = """
            var x = 1; loadPackage({"files": [{"filename": "/a/other.bin", "start": 0, "end": 10},
              {"filename": "/third_party/mediapipe/modules/pose_detection/pose_detection.tflite", "start": 10, "end": 2000}], "remote_package_size": 2000});
            """;
        Assert.Equal((10, 2000), MediaPipePosePackage.DetectorRange(loader, "test"));
        Assert.Throws<ModelInstallException>(() => MediaPipePosePackage.DetectorRange("loadPackage({\"files\": []});", "test"));
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public void TheLandmarksOnlyCopyIsRemadeWhenTheModelIsNewerAndGivesTheSameLandmarks()
    {
        var folder = TestEnvironment.NewTempDirectory("posetools-pruned");
        string model = Path.Combine(folder, "pose_landmark_lite.onnx");
        File.Copy(TestEnvironment.Models.GetModelPath(PoseModel.LandmarkLite), model);
        string pruned = Assert.IsType<string>(LandmarksOnlyModel.Find(model));
        var written = File.GetLastWriteTimeUtc(pruned);
        Assert.Equal(pruned, LandmarksOnlyModel.Find(model));
        Assert.Equal(written, File.GetLastWriteTimeUtc(pruned));                  // current: kept
        File.SetLastWriteTimeUtc(pruned, File.GetLastWriteTimeUtc(model).AddHours(-1));
        LandmarksOnlyModel.Find(model);
        Assert.True(File.GetLastWriteTimeUtc(pruned) >= File.GetLastWriteTimeUtc(model));   // the model was newer: remade

        using var image = OpenCvSharp.Cv2.ImRead(TestEnvironment.DataFile("messi5.jpg"));
        var region = new PoseTools.Geometry.RegionOfInterest(0.5f, 0.5f, 0.6f, 0.9f, 0);
        using var withMask = new PoseTools.Inference.PoseLandmarker(model, segmentation: true);
        using var without = new PoseTools.Inference.PoseLandmarker(model, segmentation: false);
        var a = withMask.Run(image, region);
        var b = without.Run(image, region);
        Assert.NotNull(a.MaskInRegion);
        Assert.Null(b.MaskInRegion);
        Assert.Equal(a.Landmarks.Select(l => (l.X, l.Y, l.Z)), b.Landmarks.Select(l => (l.X, l.Y, l.Z)));
    }
}
