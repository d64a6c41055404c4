using System.Management.Automation;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>Installs the models on first use, reporting progress through the calling cmdlet.</summary>
internal static class ModelInstallation
{
    public static void EnsureInstalled(Cmdlet cmdlet, ModelStore store, CancellationToken cancel)
    {
        if (store.IsInstalled()) return;
        cmdlet.WriteWarning($"The PoseTools models are not installed in {store.Directory}; installing them now from {MediaPipePosePackage.Spec} (once).");
        Install(cmdlet, store, null, force: false, cancel);
    }

    public static ModelManifest Install(Cmdlet cmdlet, ModelStore store, string? source, bool force, CancellationToken cancel)
    {
        var progress = new CmdletProgress(cmdlet, "Installing PoseTools models");
        try
        {
            return store.Install(source, force, progress, cancel);
        }
        catch (ModelStoreException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, "ModelInstallFailed", ErrorCategory.ResourceUnavailable, source ?? MediaPipePosePackage.Spec));
            throw; // unreachable
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>Relays the store's progress to Write-Progress; only on the pipeline thread, as PowerShell requires.</summary>
    private sealed class CmdletProgress(Cmdlet cmdlet, string activity) : IProgress<ModelInstallProgress>
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;

        public void Report(ModelInstallProgress value)
        {
            if (Environment.CurrentManagedThreadId != _thread) return;
            cmdlet.WriteProgress(new ProgressRecord(2, activity, value.Status) { PercentComplete = Math.Clamp(value.PercentComplete, 0, 100) });
        }

        public void Complete()
        {
            if (Environment.CurrentManagedThreadId == _thread)
                cmdlet.WriteProgress(new ProgressRecord(2, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
