<#
.SYNOPSIS
    Compares the lite, full and heavy landmark models on a folder of photos.
.DESCRIPTION
    Runs the three model complexities on each image and prints, per complexity, the median time and the mean
    disagreement of its landmarks with the heavy model's (as a share of the person's size) — what you trade for speed.
   
.EXAMPLE
    ./examples/compare-complexities.ps1 -Folder ./photos
#>
param([string] $Folder = (Join-Path $PSScriptRoot 'images'))

if (-not (Get-Module PoseTools)) {
    # From a clone of the repository its manifest; where the module is installed (Install-PSResource), by name.
    $manifest = Join-Path $PSScriptRoot '..' 'PoseTools.psd1'
    Import-Module $(if (Test-Path $manifest) { $manifest } else { 'PoseTools' }) -ErrorAction Stop
}
$comparisons = Compare-PoseModel (Join-Path $Folder '*') -ErrorAction SilentlyContinue
foreach ($complexity in 'Lite', 'Full', 'Heavy') {
    $rows = @($comparisons | Where-Object { "$($_.ModelComplexity)" -eq $complexity })
    $times = [double[]]($rows | ForEach-Object Milliseconds)
    [Array]::Sort($times)
    $found = @($rows | Where-Object { $_.Found -and -not [double]::IsNaN($_.MeanDisagreement) })
    $mean = 0.0
    foreach ($row in $found) { $mean += $row.MeanDisagreement / [Math]::Max(1, $found.Count) }
    "{0,-6} median {1,6:F1} ms   mean disagreement with Heavy {2,5:F2} %   ({3} image(s))" -f $complexity, $times[[int]($times.Length / 2)], (100 * $mean), $rows.Count
}
