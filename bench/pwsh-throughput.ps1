<#
.SYNOPSIS
    What users feel of Get-Pose in real pwsh: the time of one call, and photos per second through a pipeline.
.DESCRIPTION
    Run from the repository root after the build: dotnet pwsh -NoProfile -File bench/pwsh-throughput.ps1
    0. the process's first call: Import-Module, then the first Get-Pose (models checked and loaded) and its photo;
    1. one photo, Get-Pose called -Calls times (after a warm-up call): median milliseconds per call, beside the library's
       own time for the same photo (PoseResult.Milliseconds), so the cost of the cmdlet call itself shows;
    2. Get-ChildItem | Get-Pose over the shared photos repeated -Repeat times, with each value of -Throttle: photos per
       second, after a warm-up pipeline at that limit (photos side by side load single-thread estimators once);
    2b. the same photos through Get-Pose | Export-PoseSkeleton and Get-Pose | Export-Pose beside Get-Pose alone
       (-NoExports skips it): whether writing keeps up with the analysis;
    3. -MemoryPhotos photos through Get-Pose | Export-Pose: the working set along the way and its peak.
#>
param(
    [string] $Data = (Join-Path $PSScriptRoot '..' '..' 'shared' 'data'),
    [int] $Calls = 30,
    [int] $Repeat = 20,
    # Strings, split at commas: with -File, pwsh hands "2,4,8" over as one string, which [int[]] would read as 248.
    [string[]] $Throttle = @('1', '2', '4'),
    [int] $MemoryPhotos = 2000,
    [switch] $NoExports
)
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module (Join-Path $PSScriptRoot '..' 'PoseTools.psd1') -ErrorAction Stop
$imported = $watch.Elapsed.TotalMilliseconds
$photo = Join-Path $Data 'messi5.jpg'
$watch.Restart()
$first = Get-Pose -Path $photo   # warm-up: models checked and loaded, estimator created
"first call in this process: Import-Module {0:F0} ms, then Get-Pose {1:F0} ms (of which the photo itself {2:F0} ms)" -f $imported, $watch.Elapsed.TotalMilliseconds, $first.Milliseconds

$call = [Collections.Generic.List[double]]::new(); $library = [Collections.Generic.List[double]]::new()
$beyond = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Calls; $i++) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $r = Get-Pose -Path $photo
    $call.Add($watch.Elapsed.TotalMilliseconds); $library.Add($r.Milliseconds)
    $beyond.Add($watch.Elapsed.TotalMilliseconds - $r.Milliseconds)   # this call's own cost beyond its photo
}
function Median([double[]] $v) { [Array]::Sort($v); $v[[int]($v.Length / 2)] }
$perCall = Median $call; $inLibrary = Median $library
"one photo ({0}×{1}, Full): {2:F1} ms per Get-Pose call, of which the library {3:F1} ms (call overhead, the median of each call's time beyond its photo: {4:F2} ms); {5} calls" -f $r.Width, $r.Height, $perCall, $inLibrary, (Median $beyond), $Calls

$files = @(Get-ChildItem -Path $Data -File -Include *.jpg, *.png -Recurse -Depth 0)
$inputs = @(for ($i = 0; $i -lt $Repeat; $i++) { $files })
foreach ($limit in @($Throttle -split ',' | ForEach-Object { [int]$_ })) {
    # Warm-up: several photos side by side use estimators of one thread each, whose models load on first use.
    $null = $files | Select-Object -First ([Math]::Max(2, $limit)) | Get-Pose -ThrottleLimit $limit
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $count = @($inputs | Get-Pose -ThrottleLimit $limit).Count
    "Get-ChildItem | Get-Pose -ThrottleLimit {0}: {1} photos in {2:F1} s = {3:F1} photos/s ({4} cores)" -f $limit, $count, $watch.Elapsed.TotalSeconds, ($count / $watch.Elapsed.TotalSeconds), [Environment]::ProcessorCount
}

# 2b. Do the export cmdlets keep up? The same photos through Get-Pose | Export-PoseSkeleton (JPEG overlays) and
#     Get-Pose | Export-Pose (CSV), beside Get-Pose alone, at the default -ThrottleLimit.
if (-not $NoExports) {
    $dir = Join-Path ([IO.Path]::GetTempPath()) "posetools-bench-$PID"
    $null = New-Item -ItemType Directory -Force $dir
    $null = $files | Get-Pose | Export-PoseSkeleton -Path "$dir/{Index}.jpg"   # warm-up
    $watch = [Diagnostics.Stopwatch]::StartNew(); $count = @($inputs | Get-Pose).Count
    $alone = $count / $watch.Elapsed.TotalSeconds
    $watch = [Diagnostics.Stopwatch]::StartNew(); $inputs | Get-Pose | Export-PoseSkeleton -Path "$dir/{Index}.jpg"
    $skeleton = $inputs.Count / $watch.Elapsed.TotalSeconds
    $watch = [Diagnostics.Stopwatch]::StartNew(); $inputs | Get-Pose | Export-Pose -Path "$dir/all.csv"
    $csv = $inputs.Count / $watch.Elapsed.TotalSeconds
    "{0} photos: Get-Pose alone {1:F1} photos/s; | Export-PoseSkeleton {2:F1} photos/s; | Export-Pose (CSV) {3:F1} photos/s" -f $inputs.Count, $alone, $skeleton, $csv
    Remove-Item -Recurse $dir
}

# 3. Memory over a long run: -MemoryPhotos photos through Get-Pose | Export-Pose (CSV); the working set is sampled every
#    500 photos, so a leak shows as growth, and the peak is reported.
if ($MemoryPhotos -gt 0) {
    $me = [Diagnostics.Process]::GetCurrentProcess()
    $out = Join-Path ([IO.Path]::GetTempPath()) "posetools-bench-$PID.csv"
    $samples = [Collections.Generic.List[string]]::new()
    $stream = for ($i = 0; $i -lt $MemoryPhotos; $i++) { $files[$i % $files.Count] }
    $n = 0
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $stream | Get-Pose | ForEach-Object {
        if ((++$n % 500) -eq 0) { $me.Refresh(); $samples.Add(('{0}: {1} MiB' -f $n, [int]($me.WorkingSet64 / 1MB))) }
        $_
    } | Export-Pose -Path $out
    $me.Refresh()
    "{0} photos through Get-Pose | Export-Pose in {1:F0} s; working set at every 500: {2}; peak {3} MiB" -f $MemoryPhotos, $watch.Elapsed.TotalSeconds, ($samples -join ', '), [int]($me.PeakWorkingSet64 / 1MB)
    Remove-Item $out
}
