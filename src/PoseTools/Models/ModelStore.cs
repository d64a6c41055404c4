using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using PoseTools.Models.Conversion;
using PoseTools.Models.TfLite;

namespace PoseTools.Models;

/// <summary>Progress of an install, for progress bars.</summary>
public sealed record ModelInstallProgress(string Status, int PercentComplete);

/// <summary>
/// The per-user cache of converted models: fetches the official package (npm or a local copy), verifies it,
/// converts the four networks to ONNX, and hands out verified paths. Every write is atomic and the manifest
/// is written last, so an interrupted install never leaves a model that later loads.
/// </summary>
public sealed class ModelStore
{
    /// <summary>The environment variable that sets the model folder.</summary>
    public const string DirectoryVariable = "POSETOOLS_MODELS";
    private const string LockFileName = ".install.lock";

    // (path, size, mtime) → sha256 already checked in this process, so sessions don't rehash 55 MB each time.
    private static readonly ConcurrentDictionary<(string, long, DateTime), string> Verified = new();

    /// <summary>A store on <paramref name="directory"/>, or on the default folder (<see cref="DefaultDirectory"/>).</summary>
    public ModelStore(string? directory = null)
    {
        Directory = Path.GetFullPath(directory ?? DefaultDirectory());
    }

    /// <summary>The cache folder this store reads and writes.</summary>
    public string Directory { get; }

    /// <summary><c>$POSETOOLS_MODELS</c> if set, else the platform's per-user cache folder.</summary>
    public static string DefaultDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "PoseTools", "models");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Caches", "PoseTools", "models");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "posetools", "models");
    }

    /// <summary>The folder's manifest, or null when there is none.</summary>
    public ModelManifest? ReadManifest() => ModelManifest.TryRead(Directory);

    /// <summary>
    /// True when the given models (all four when none are named) are installed by this converter version and their
    /// files are whole.
    /// </summary>
    public bool IsInstalled(params IReadOnlyCollection<PoseModel> models)
    {
        try
        {
            var manifest = ReadManifest();
            foreach (var model in models.Count == 0 ? PoseModelNames.All : models) GetModelPath(model, manifest);
            return true;
        }
        catch (ModelStoreException) { return false; }
    }

    /// <summary>The verified path of a converted model; throws a <see cref="ModelStoreException"/> that says what to do.</summary>
    public string GetModelPath(PoseModel model) => GetModelPath(model, ReadManifest());

    private string GetModelPath(PoseModel model, ModelManifest? manifest)
    {
        if (manifest is null) throw new ModelNotInstalledException(NotInstalledMessage(model));
        if (manifest.ConverterVersion != TfLiteToOnnxConverter.ConverterVersion || manifest.FormatVersion != ModelManifest.CurrentFormat)
            throw new ModelNotInstalledException(
                $"The models in {Directory} were converted by PoseTools converter version {manifest.ConverterVersion}; this version needs " +
                $"{TfLiteToOnnxConverter.ConverterVersion}. Reinstall them (ModelStore.Install with force).");
        var entry = manifest.Models.FirstOrDefault(m => m.Model == model) ?? throw new ModelNotInstalledException(NotInstalledMessage(model));
        var path = Path.Combine(Directory, entry.File);
        var info = new FileInfo(path);
        if (!info.Exists) throw new ModelNotInstalledException(NotInstalledMessage(model));
        if (info.Length != entry.Size || Sha256Of(info) != entry.Sha256)
            throw new ModelCorruptException(
                $"The cached model {path} is corrupt: its size or sha256 does not match the manifest, so it is not loaded. " +
                "Reinstall it (ModelStore.Install with force) to repair the cache.");
        return path;
    }

    /// <summary>The state of each of the four models in this folder (never throws for a missing or damaged cache).</summary>
    public IReadOnlyList<PoseModelStatus> Inspect()
    {
        ModelManifest? manifest;
        try { manifest = ReadManifest(); }
        catch (ModelCorruptException) { manifest = null; }
        var result = new List<PoseModelStatus>();
        foreach (var model in PoseModelNames.All)
        {
            var entry = manifest?.Models.FirstOrDefault(m => m.Model == model);
            string path = Path.Combine(Directory, entry?.File ?? model.OnnxFileName());
            ModelState state;
            try
            {
                GetModelPath(model);
                state = ModelState.Installed;
            }
            catch (ModelCorruptException) { state = ModelState.Corrupt; }
            catch (ModelNotInstalledException)
            {
                state = manifest is not null && manifest.ConverterVersion != TfLiteToOnnxConverter.ConverterVersion && File.Exists(path)
                    ? ModelState.Outdated : ModelState.Missing;
            }
            result.Add(new PoseModelStatus(model, model.Name(), model.Complexity(), state, path, entry?.Size, entry?.Sha256,
                manifest?.SourcePackage, entry?.SourceFile, manifest?.ConverterVersion, manifest?.InstalledAt));
        }
        return result;
    }

    private string NotInstalledMessage(PoseModel model) =>
        $"The PoseTools model {model.Name()} is not installed in {Directory}. Install the models once (ModelStore.Install): " +
        $"they come from the npm package {MediaPipePosePackage.Spec} through npm, or from a local copy of it " +
        $"({MediaPipePosePackage.TarballFileName} or the unpacked folder). Set {DirectoryVariable} to keep them in another folder.";

    private static string Sha256Of(FileInfo file)
    {
        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (Verified.TryGetValue(key, out var hash)) return hash;
        using var stream = file.OpenRead();
        hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        Verified[key] = hash;
        return hash;
    }

    /// <summary>
    /// Installs the four models. <paramref name="source"/>: null = download with npm; a <c>.tgz</c> file; or a folder
    /// holding that tarball or the unpacked package. Does nothing when everything is already installed and whole,
    /// unless <paramref name="force"/>.
    /// </summary>
    public ModelManifest Install(string? source = null, bool force = false, IProgress<ModelInstallProgress>? progress = null,
        CancellationToken cancellationToken = default) => Install([], source, force, progress, cancellationToken);

    /// <summary>
    /// Installs (or repairs) only <paramref name="models"/> — all four when empty — and keeps the other models of the
    /// folder as they are: a call that needs the lite model does not fail on a damaged heavy one.
    /// </summary>
    public ModelManifest Install(IReadOnlyCollection<PoseModel> models, string? source = null, bool force = false,
        IProgress<ModelInstallProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var wanted = models.Count == 0 ? PoseModelNames.All.ToHashSet() : models.ToHashSet();
        FileStream installLock;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            installLock = AcquireLock(cancellationToken);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ModelFolderNotWritableException(
                $"The model folder {Directory} cannot be written ({e.Message}). Install the models into a folder you can write " +
                $"(another model folder, or set {DirectoryVariable}), or give your user write permission on this one.", e);
        }
        using var _ = installLock;
        if (!force && IsInstalled(wanted)) return ReadManifest()!;
        var kept = KeptEntries(wanted);

        var sources = ReadSources(source, progress, cancellationToken).Where(s => wanted.Contains(s.Model)).ToList();
        var installed = new List<InstalledModel>(kept);
        for (int i = 0; i < sources.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var s = sources[i];
            progress?.Report(new ModelInstallProgress($"Converting {s.Model.Name()} to ONNX ({i + 1}/{sources.Count})", 20 + 80 * i / sources.Count));
            byte[] onnx;
            try
            {
                var tflite = TfLiteReader.Read(s.TfLite, s.Model.Name() + ".tflite");
                onnx = TfLiteToOnnxConverter.Convert(tflite, new Dictionary<string, string>
                {
                    ["source_package"] = MediaPipePosePackage.Spec,
                    ["source_file"] = s.SourceDescription,
                    ["source_sha256"] = s.Sha256,
                });
            }
            catch (Exception e) when (e is TfLiteFormatException or ModelConversionException)
            {
                throw new ModelInstallException($"Converting {s.SourceDescription} failed: {e.Message}", e);
            }
            string file = s.Model.OnnxFileName();
            AtomicFile.Write(Path.Combine(Directory, file), onnx);
            // The landmark models' copy without the segmentation head, so that a read-only store (a container) has it too.
            if (s.Model != PoseModel.Detector) LandmarksOnlyModel.Write(Path.Combine(Directory, file), onnx);
            installed.Add(new InstalledModel(s.Model, s.Model.Name(), s.Model.Complexity(), file, onnx.Length,
                Convert.ToHexStringLower(SHA256.HashData(onnx)), s.SourceDescription, s.Sha256));
        }
        var manifest = new ModelManifest(ModelManifest.CurrentFormat, MediaPipePosePackage.Spec, MediaPipePosePackage.Integrity,
            TfLiteToOnnxConverter.ConverterVersion, DateTimeOffset.UtcNow, installed.OrderBy(m => m.Model).ToList());
        AtomicFile.WriteText(Path.Combine(Directory, ModelManifest.FileName), manifest.ToJson());
        progress?.Report(new ModelInstallProgress("Installed", 100));
        return manifest;
    }

    /// <summary>The manifest entries of the models not being installed, kept only while they are current and whole.</summary>
    private List<InstalledModel> KeptEntries(HashSet<PoseModel> installing)
    {
        ModelManifest? manifest;
        try { manifest = ReadManifest(); }
        catch (ModelStoreException) { return []; }
        if (manifest is null || manifest.ConverterVersion != TfLiteToOnnxConverter.ConverterVersion || manifest.FormatVersion != ModelManifest.CurrentFormat)
            return [];
        return manifest.Models.Where(m => !installing.Contains(m.Model) && IsInstalled(m.Model)).ToList();
    }

    private static IReadOnlyList<MediaPipePosePackage.SourceModel> ReadSources(string? source, IProgress<ModelInstallProgress>? progress, CancellationToken ct)
    {
        if (source is null)
        {
            var temp = Path.Combine(Path.GetTempPath(), "posetools-npm-" + Guid.NewGuid().ToString("N"));
            try
            {
                progress?.Report(new ModelInstallProgress($"Downloading {MediaPipePosePackage.Spec} with npm", 0));
                var tarball = NpmClient.Pack(MediaPipePosePackage.Spec, temp, ct);
                return ReadTarball(tarball, progress);
            }
            finally
            {
                if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
            }
        }
        var full = Path.GetFullPath(source);
        if (File.Exists(full)) return ReadTarball(full, progress);
        if (System.IO.Directory.Exists(full))
        {
            var tarball = Path.Combine(full, MediaPipePosePackage.TarballFileName);
            if (File.Exists(tarball)) return ReadTarball(tarball, progress);
            progress?.Report(new ModelInstallProgress($"Reading the unpacked package in {full}", 10));
            return MediaPipePosePackage.ReadFolder(full);
        }
        throw new ModelInstallException($"The model source {full} does not exist: give the {MediaPipePosePackage.TarballFileName} file or a folder holding it or the unpacked package.");
    }

    private static IReadOnlyList<MediaPipePosePackage.SourceModel> ReadTarball(string tarball, IProgress<ModelInstallProgress>? progress)
    {
        progress?.Report(new ModelInstallProgress($"Verifying {Path.GetFileName(tarball)} (sha512)", 10));
        MediaPipePosePackage.VerifyIntegrity(tarball);
        progress?.Report(new ModelInstallProgress($"Extracting {Path.GetFileName(tarball)}", 15));
        return MediaPipePosePackage.ReadTarball(tarball);
    }

    // One installer per cache folder at a time, across processes (parallel test runs, two shells).
    private FileStream AcquireLock(CancellationToken ct)
    {
        var path = Path.Combine(Directory, LockFileName);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                ct.WaitHandle.WaitOne(250);
                ct.ThrowIfCancellationRequested();
            }
        }
    }
}
