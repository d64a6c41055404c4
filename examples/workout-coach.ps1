<#
.SYNOPSIS
    Coaches a workout video: who does which exercise, each repetition's faults, plank holds, and an annotated copy.
.DESCRIPTION
    Runs Get-Pose on -Video (following up to -MaxPoses people), recognises each person's exercise, counts and judges
    their repetitions (or times their plank holds), prints the feedback, and writes <name>.pose.mp4 to -OutDirectory
    with the count and each repetition's faults drawn above the person.
.EXAMPLE
    ./examples/workout-coach.ps1 -Video ./my-squats.mp4 -OutDirectory out/coach
#>
param(
    [Parameter(Mandatory)] [string] $Video,
    [string] $OutDirectory = 'out/coach',
    [ValidateRange(1, 10)] [int] $MaxPoses = 2
)

if (-not (Get-Module PoseTools)) {
    # From a clone of the repository its manifest; where the module is installed (Install-PSResource), by name.
    $manifest = Join-Path $PSScriptRoot '..' 'PoseTools.psd1'
    Import-Module $(if (Test-Path $manifest) { $manifest } else { 'PoseTools' }) -ErrorAction Stop
}
$poses = Get-Pose -LiteralPath $Video -MaxPoses $MaxPoses
$poses | Get-PoseExercise | Format-Table PersonId, Exercise, Confidence, Evidence -AutoSize | Out-String -Width 120
$repetitions = @($poses | Measure-PoseRepetition)
foreach ($r in $repetitions) {
    $verdict = if ($r.Faults.Count) { $r.Feedback -join ' ' } elseif ($r.Form.Judged.Count) { 'good form' } else { 'counted' }
    'person {0}, {1} #{2} (frames {3}-{4}): {5}' -f $r.PersonId, $r.Movement, $r.Index, $r.StartFrame, $r.EndFrame, $verdict
}
foreach ($h in @($poses | Measure-PoseHold)) {
    'person {0}, plank held {1:F1} s (frames {2}-{3}){4}' -f $h.PersonId, $h.Duration.TotalSeconds, $h.StartFrame, $h.EndFrame, $(if ($h.Faults.Count) { ': ' + ($h.Feedback -join ' ') })
}
$poses | Export-PoseSkeleton -OutDirectory $OutDirectory -Annotate -PassThru | ForEach-Object { 'annotated video: {0}' -f $_.FullName }
