using System.Management.Automation;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>Get-PoseModel: lists the four models in the cache and whether each can be used.</summary>
[Cmdlet(VerbsCommon.Get, "PoseModel")]
[OutputType(typeof(PoseModelStatus))]
public sealed class GetPoseModelCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    protected override void EndProcessing()
    {
        var store = new ModelStore(ModelDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ModelDirectory));
        var statuses = store.Inspect();
        if (statuses.All(s => s.State == ModelState.Missing))
            WriteWarning($"No models are installed in {store.Directory}. Install them with Install-PoseModel.");
        WriteObject(statuses, enumerateCollection: true);
    }
}
