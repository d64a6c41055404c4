using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PoseTools;

/// <summary>
/// Finds the native libraries of ONNX Runtime and OpenCV beside their managed assemblies
/// (runtimes/&lt;rid&gt;/native), wherever the host process lives. An app built with PoseTools finds them through its
/// deps.json anyway; hosts that load PoseTools from a folder of their own — pwsh importing the module, a notebook
/// kernel referencing the assembly — would otherwise look next to their own executable and fail.
/// </summary>
public static class NativeLibraries
{
    private static int _registered;

    [ModuleInitializer]
    internal static void Initialize() => Register();

    /// <summary>Installs the resolvers (once; called automatically when PoseTools loads).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var assembly in new[] { typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly, typeof(OpenCvSharp.Mat).Assembly })
        {
            try { NativeLibrary.SetDllImportResolver(assembly, Resolve); }
            catch (InvalidOperationException) { } // the host already resolves them itself
        }
    }

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
