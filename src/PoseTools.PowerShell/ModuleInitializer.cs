using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PoseTools.PowerShell;

/// <summary>
/// Runs when PowerShell imports the module. pwsh knows nothing of this module's native libraries, so the first
/// call into ONNX Runtime or OpenCV would look for them next to pwsh and fail; this resolver finds them in the
/// module's own runtimes/&lt;rid&gt;/native folder, whatever the current directory.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static int _registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var name in new[] { "Microsoft.ML.OnnxRuntime", "OpenCvSharp" })
        {
            try { NativeLibrary.SetDllImportResolver(Assembly.Load(name), Resolve); }
            catch (InvalidOperationException) { } // a resolver is already set (the host resolves them itself)
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => EstimatorCache.Clear();

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        foreach (var candidate in Candidates(libraryName))
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                return handle;
        return IntPtr.Zero; // fall back to the default probing
    }

    private static IEnumerable<string> Candidates(string libraryName)
    {
        string file = OperatingSystem.IsWindows() ? $"{libraryName}.dll"
            : OperatingSystem.IsMacOS() ? $"lib{libraryName}.dylib" : $"lib{libraryName}.so";
        string rid = RuntimeInformation.RuntimeIdentifier;
        string portable = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (var r in new[] { rid, portable }.Distinct())
            yield return Path.Combine(ModuleDirectory, "runtimes", r, "native", file);
        yield return Path.Combine(ModuleDirectory, file);
    }
}
