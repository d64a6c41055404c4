using PoseTools.Models;

namespace PoseTools.Tests;

/// <summary>
/// Where the tests find the shared data (../shared beside the repository) and the installed models. The models
/// are installed through the model store on first use — once per cache folder, shared by every test.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PoseTools.sln"))) return dir.FullName;
        throw new InvalidOperationException($"PoseTools.sln not found above {AppContext.BaseDirectory}");
    });

    public static string RepoRoot => Root.Value;

    /// <summary>The shared test material: $POSETOOLS_SHARED, else ../shared beside the repository.</summary>
    public static string SharedDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("POSETOOLS_SHARED") is { Length: > 0 } env ? env : Path.Combine(RepoRoot, "..", "shared");
            if (!Directory.Exists(Path.Combine(dir, "data")))
                throw new InvalidOperationException($"The shared test data is missing: expected {Path.GetFullPath(dir)}/data (set POSETOOLS_SHARED).");
            return Path.GetFullPath(dir);
        }
    }

    public static string DataFile(string name) => Path.Combine(SharedDirectory, "data", name);
    public static string ReferenceFile(params string[] parts) => Path.Combine([SharedDirectory, "reference", .. parts]);

    private static readonly Lazy<ModelStore> Store = new(() =>
    {
        var store = new ModelStore();
        if (!store.IsInstalled()) store.Install();
        return store;
    });

    /// <summary>The default model store, installed through npm if its cache is empty.</summary>
    public static ModelStore Models => Store.Value;

    private static readonly Lazy<string> Tarball = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "posetools-test-package");
        var path = Path.Combine(folder, MediaPipePosePackage.TarballFileName);
        if (File.Exists(path))
        {
            try { MediaPipePosePackage.VerifyIntegrity(path); return path; }
            catch (ModelInstallException) { File.Delete(path); }
        }
        return NpmClient.Pack(MediaPipePosePackage.Spec, folder);
    });

    /// <summary>The official package tarball, fetched once with npm and kept in the temp folder.</summary>
    public static string PackageTarball => Tarball.Value;

    private static readonly Lazy<IReadOnlyList<MediaPipePosePackage.SourceModel>> Sources =
        new(() => MediaPipePosePackage.ReadTarball(PackageTarball));

    public static byte[] SourceModel(PoseModel model) => Sources.Value.Single(s => s.Model == model).TfLite;

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }

    /// <summary>Damages a file in place (one byte in its middle flipped): its sha256 no longer matches.</summary>
    public static void Corrupt(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    private static readonly List<string> TempDirectories = [];

    static TestEnvironment()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (TempDirectories)
                foreach (var dir in TempDirectories)
                    try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
    }

    /// <summary>Deletes a folder from <see cref="NewTempDirectory"/> now (large ones should not wait for the process to exit, which a test host may not reach).</summary>
    public static void DeleteTempDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        lock (TempDirectories) TempDirectories.Remove(dir);
    }

    /// <summary>A fresh folder under the temp path, deleted when the test process exits.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        lock (TempDirectories) TempDirectories.Add(dir);
        return dir;
    }
}
