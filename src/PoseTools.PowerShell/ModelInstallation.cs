using System.Management.Automation;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>Installs the models on first use, reporting progress through the calling cmdlet.</summary>
internal static class ModelInstallation
{
    /// <summary>
    /// Makes sure the models this call needs (the detector and one landmark model, say) are installed and whole;
    /// installs or repairs only those, saying which and why. Other models of the folder are neither checked nor touched.
    /// </summary>
    public static void EnsureInstalled(Cmdlet cmdlet, ModelStore store, IReadOnlyCollection<PoseModel> needed, CancellationToken cancel)
    {
        if (store.IsInstalled(needed)) return;
        var problems = store.Inspect().Where(m => needed.Contains(m.Model) && m.State != ModelState.Installed).ToList();
        string Names(ModelState state) => string.Join(", ", problems.Where(p => p.State == state).Select(p => p.Name));
        var reasons = new List<string>();
        if (Names(ModelState.Corrupt) is { Length: > 0 } corrupt) reasons.Add($"{corrupt} corrupt (sha256 does not match the manifest)");
        if (Names(ModelState.Outdated) is { Length: > 0 } outdated) reasons.Add($"{outdated} converted by an older PoseTools");
        if (Names(ModelState.Missing) is { Length: > 0 } missing) reasons.Add($"{missing} not installed");
        cmdlet.WriteWarning($"PoseTools models in {store.Directory}: {string.Join("; ", reasons)}. Installing them now from {MediaPipePosePackage.Spec}.");
        Install(cmdlet, store, needed, null, force: false, cancel);
    }

    public static ModelManifest Install(Cmdlet cmdlet, ModelStore store, IReadOnlyCollection<PoseModel> models, string? source, bool force, CancellationToken cancel)
    {
        var progress = new CmdletProgress(cmdlet, "Installing PoseTools models");
        try
        {
            return store.Install(models, source, force, progress, cancel);
        }
        catch (ModelFolderNotWritableException e)
        {
            cmdlet.ThrowTerminatingError(Error(e, "ModelFolderNotWritable", ErrorCategory.PermissionDenied, store.Directory));
            throw; // unreachable
        }
        catch (ModelStoreException e)
        {
            cmdlet.ThrowTerminatingError(Error(e, "ModelInstallFailed", ErrorCategory.ResourceUnavailable, source ?? MediaPipePosePackage.Spec));
            throw; // unreachable
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>
    /// An error record for a model store failure: the core's message (which names no front end), and what to type in
    /// PowerShell to put it right.
    /// </summary>
    public static ErrorRecord Error(ModelStoreException e, string id, ErrorCategory category, object? target)
    {
        string hint = e switch
        {
            ModelFolderNotWritableException => $"In PowerShell: Install-PoseModel -ModelDirectory <a folder you can write>, or set $env:{ModelStore.DirectoryVariable}.",
            ModelCorruptException => "In PowerShell: Install-PoseModel -Force.",
            ModelNotInstalledException => $"In PowerShell: Install-PoseModel (or Install-PoseModel -Path <{MediaPipePosePackage.TarballFileName}>).",
            _ => "In PowerShell: Install-PoseModel -Path <a local copy of the package> works without npm.",
        };
        return new ErrorRecord(e, id, category, target) { ErrorDetails = new ErrorDetails($"{e.Message} {hint}") { RecommendedAction = hint } };
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
