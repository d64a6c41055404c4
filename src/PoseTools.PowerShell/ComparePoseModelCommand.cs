using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Compare-PoseModel: runs several model complexities on the same images; per image and complexity, how far
/// each landmark lies from the heaviest model's and how long each took.</summary>
[Cmdlet(VerbsData.Compare, "PoseModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ModelComparison))]
public sealed class ComparePoseModelCommand : FileInputCmdlet
{
    [Parameter]
    [ValidateCount(2, 3)]
    public ModelComplexity[] ModelComplexity { get; set; } = [Models.ModelComplexity.Lite, Models.ModelComplexity.Full, Models.ModelComplexity.Heavy];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    private readonly Dictionary<ModelComplexity, PoseEstimator> _estimators = [];
    private readonly CancellationTokenSource _stop = new();

    protected override void BeginProcessing()
    {
        var store = new ModelStore(ModelDirectory is null ? null : ResolveOutputPath(ModelDirectory));
        ModelInstallation.EnsureInstalled(this, store, [PoseModel.Detector, .. ModelComplexity.Select(c => c.LandmarkModel())], _stop.Token);
        foreach (var complexity in ModelComplexity.Distinct())
            _estimators[complexity] = PoseEstimatorPool.Shared.Get(new PoseEstimatorOptions { ModelComplexity = complexity, ModelDirectory = store.Directory });
    }

    protected override void ProcessRecord()
    {
        var files = ResolveFiles().ToList();
        for (int i = 0; i < files.Count && !_stop.IsCancellationRequested; i++)
        {
            if (files.Count > 1) WriteProgress(new ProgressRecord(1, "Compare-PoseModel", System.IO.Path.GetFileName(files[i])) { PercentComplete = 100 * i / files.Count });
            try
            {
                WriteObject(ModelComparer.Run(files[i], _estimators.Values).Rows, enumerateCollection: true);
            }
            catch (Imaging.InvalidImageException e)
            {
                WriteError(new ErrorRecord(e, "InvalidImage", ErrorCategory.InvalidData, files[i]));
            }
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
