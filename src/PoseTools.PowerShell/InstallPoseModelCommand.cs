using System.Management.Automation;
using PoseTools.Inference;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>Install-PoseModel: fetches @mediapipe/pose (npm, or a local copy), verifies and converts the four models.</summary>
[Cmdlet(VerbsLifecycle.Install, "PoseModel", SupportsShouldProcess = true)]
[OutputType(typeof(PoseModelStatus))]
public sealed class InstallPoseModelCommand : PSCmdlet
{
    /// <summary>A local mediapipe-pose-0.5.1675469404.tgz, or a folder holding it or the unpacked package. Omit to use npm.</summary>
    [Parameter(Position = 0)]
    [Alias("Source")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    /// <summary>Reinstall even when the models are present and intact.</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    private readonly CancellationTokenSource _stop = new();

    protected override void EndProcessing()
    {
        var store = new ModelStore(ModelDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ModelDirectory));
        string? source = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!Force && store.IsInstalled())
        {
            WriteVerbose($"The models in {store.Directory} are installed and intact; use -Force to reinstall.");
        }
        else if (ShouldProcess(store.Directory, $"Install {MediaPipePosePackage.Spec} models from {source ?? "npm"}"))
        {
            ModelInstallation.Install(this, store, [], source, Force, _stop.Token);
            PoseEstimatorPool.Shared.Evict(); // sessions opened on replaced files must be reopened, in every skin of this process
        }
        WriteObject(store.Inspect(), enumerateCollection: true);
    }

    protected override void StopProcessing() => _stop.Cancel();
}
