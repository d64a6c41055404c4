using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PoseTools;

/// <summary>
/// Finds the native libraries of ONNX Runtime and OpenCV beside their managed assemblies
/// (runtimes/&lt;rid&gt;/native), wherever the host process lives, and checks that they can load. An app built with
/// PoseTools finds them through its deps.json anyway; hosts that load PoseTools from a folder of their own — pwsh
/// importing the module, a notebook kernel referencing the assembly — would otherwise look next to their own
/// executable and fail.
/// </summary>
public static partial class NativeLibraries
{
    private static int _registered;
    private static readonly Lazy<NativeLibraryException?> Problem = new(FindProblem);

    // Each native library, by the name its managed wrapper imports, and that wrapper's assembly (its folder holds it).
    private static readonly (string Name, Assembly Owner)[] Libraries =
    [
        ("onnxruntime", typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
        ("OpenCvSharpExtern", typeof(OpenCvSharp.Mat).Assembly),
    ];

    /// <summary>The native libraries PoseTools calls, by the name their managed wrappers import.</summary>
    public static IReadOnlyList<string> Names { get; } = Libraries.Select(l => l.Name).ToList();

    /// <summary>
    /// The Debian/Ubuntu package that provides each shared library the bundled native libraries need beyond the C
    /// runtime (from <c>readelf -d</c> on them; <c>tools/setup</c> installs every package named here).
    /// </summary>
    public static IReadOnlyDictionary<string, string> DebianPackages { get; } = new Dictionary<string, string>
    {
        ["libfreetype.so.6"] = "libfreetype6",
        ["libharfbuzz.so.0"] = "libharfbuzz0b",
        ["libgtk-3.so.0"] = "libgtk-3-0",
        ["libgdk-3.so.0"] = "libgtk-3-0",
        ["libpangocairo-1.0.so.0"] = "libpangocairo-1.0-0",
        ["libpango-1.0.so.0"] = "libpango-1.0-0",
        ["libatk-1.0.so.0"] = "libatk1.0-0",
        ["libcairo-gobject.so.2"] = "libcairo-gobject2",
        ["libcairo.so.2"] = "libcairo2",
        ["libgdk_pixbuf-2.0.so.0"] = "libgdk-pixbuf-2.0-0",
        ["libgio-2.0.so.0"] = "libglib2.0-0",
        ["libgobject-2.0.so.0"] = "libglib2.0-0",
        ["libglib-2.0.so.0"] = "libglib2.0-0",
        ["libdrm.so.2"] = "libdrm2",
        ["libatomic.so.1"] = "libatomic1",
        ["libX11.so.6"] = "libx11-6",
        ["libstdc++.so.6"] = "libstdc++6",
        ["libgcc_s.so.1"] = "libgcc-s1",
    };

    [ModuleInitializer]
    internal static void Initialize() => Register();

    /// <summary>Installs the resolvers (once; called automatically when PoseTools loads).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var (_, assembly) in Libraries)
        {
            try { NativeLibrary.SetDllImportResolver(assembly, Resolve); }
            catch (InvalidOperationException) { } // the host already resolves them itself
        }
    }

    /// <summary>
    /// Throws a <see cref="NativeLibraryException"/> naming the missing system library and its package when a native
    /// library cannot load — instead of the "type initializer threw" that the first OpenCV or ONNX call would give.
    /// The check runs once per process.
    /// </summary>
    public static void EnsureLoadable()
    {
        if (Problem.Value is { } problem) throw problem;
    }

    private static NativeLibraryException? FindProblem()
    {
        foreach (var (name, assembly) in Libraries)
        {
            string? path = Candidates(Path.GetDirectoryName(assembly.Location) ?? "", name).FirstOrDefault(File.Exists);
            try
            {
                // Loading by path surfaces the loader's own message (which dependency is missing); by name, the default probing.
                if (path is not null) NativeLibrary.Load(path);
                else NativeLibrary.Load(name, assembly, null);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                return Explain(path ?? name, e);
            }
        }
        return null;
    }

    /// <summary>Turns a loader failure into one sentence: which library is missing and which package provides it.</summary>
    internal static NativeLibraryException Explain(string library, Exception failure)
    {
        string file = Path.GetFileName(library);
        var missing = SharedObjectName().Matches(failure.Message).Select(m => m.Groups[1].Value)
            .Select(Path.GetFileName).LastOrDefault(n => n is not null && n != file);
        string message;
        if (missing is not null && DebianPackages.TryGetValue(missing, out var package))
            message = $"PoseTools cannot load its native library {file}: the system library {missing} is missing or broken. " +
                      $"Install the package that provides it (Debian/Ubuntu: sudo apt-get install {package}), or run the set-up (tools/setup).";
        else if (missing is not null)
            message = $"PoseTools cannot load its native library {file}: the system library {missing} is missing or broken. " +
                      "Install the package that provides it, or run the set-up (tools/setup).";
        else
            message = $"PoseTools cannot load its native library {file} ({library}). Run the set-up (tools/setup) and check that the file is there and readable.";
        return new NativeLibraryException(message, file, missing, missing is null ? null : DebianPackages.GetValueOrDefault(missing), failure);
    }

    // "libgtk-3.so.0: cannot open shared object file", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0: file too short"
    [GeneratedRegex(@"([\w./+-]*?lib[\w+.-]+\.so(?:\.\d+)*)\s*:")]
    private static partial Regex SharedObjectName();

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string directory = Path.GetDirectoryName(assembly.Location) ?? "";
        foreach (var candidate in Candidates(directory, libraryName))
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                return handle;
        return IntPtr.Zero; // the default probing
    }

    private static IEnumerable<string> Candidates(string directory, string libraryName)
    {
        string file = OperatingSystem.IsWindows() ? $"{libraryName}.dll"
            : OperatingSystem.IsMacOS() ? $"lib{libraryName}.dylib" : $"lib{libraryName}.so";
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string portable = $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (var rid in new[] { RuntimeInformation.RuntimeIdentifier, portable }.Distinct())
            yield return Path.Combine(directory, "runtimes", rid, "native", file);
        yield return Path.Combine(directory, file);
    }
}

/// <summary>A native library of PoseTools cannot load; the message says which system library is missing and its package.</summary>
public sealed class NativeLibraryException(string message, string library, string? missingDependency, string? package, Exception inner)
    : Exception(message, inner)
{
    /// <summary>The PoseTools native library that failed (e.g. libOpenCvSharpExtern.so).</summary>
    public string Library { get; } = library;
    /// <summary>The system library it needs that is missing or broken, when the loader named one.</summary>
    public string? MissingDependency { get; } = missingDependency;
    /// <summary>The Debian/Ubuntu package that provides <see cref="MissingDependency"/>, when known.</summary>
    public string? Package { get; } = package;
}
