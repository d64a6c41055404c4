using System.Management.Automation;

namespace PoseTools.PowerShell;

/// <summary>
/// Runs when PowerShell imports the module. pwsh knows nothing of this module's native libraries; PoseTools'
/// <see cref="NativeLibraries"/> finds them in the module's own runtimes/&lt;rid&gt;/native folder, whatever the
/// current directory — registered here before any cmdlet runs. A native library that cannot load (a system package
/// missing) fails the import with one sentence naming the library and its package. Estimators come from the process's
/// shared pool (<see cref="Inference.PoseEstimatorPool.Shared"/>), which outlives any one runspace's import.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        NativeLibraries.Register();
        NativeLibraries.EnsureLoadable();
    }
}
