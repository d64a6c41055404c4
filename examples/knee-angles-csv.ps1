<#
.SYNOPSIS
    Writes the knee angles of every person in a folder of photos to a CSV file.
.DESCRIPTION
    For each image of -Folder, measures the left and right knee angles (hip–knee–ankle) of each pose, in the image
    (2D) and in 3D world coordinates, and writes one row per pose to -Csv.
.EXAMPLE
    ./examples/knee-angles-csv.ps1 -Folder ./squats -Csv knees.csv
#>
param(
    [string] $Folder = (Join-Path $PSScriptRoot 'images'),
    [string] $Csv = 'out/knee-angles.csv'
)

if (-not (Get-Module PoseTools)) {
    # From a clone of the repository its manifest; where the module is installed (Install-PSResource), by name.
    $manifest = Join-Path $PSScriptRoot '..' 'PoseTools.psd1'
    Import-Module $(if (Test-Path $manifest) { $manifest } else { 'PoseTools' }) -ErrorAction Stop
}
$results = Get-ChildItem -Path $Folder -File | Get-Pose -MaxPoses 5 -ErrorAction SilentlyContinue
$rows = [System.Collections.Generic.List[string]]::new()
$rows.Add('source,pose,left_knee_2d,right_knee_2d,left_knee_3d,right_knee_3d,min_visibility')
foreach ($result in $results) {
    $image = $result | Measure-PoseAngle -Joint LeftKnee, RightKnee
    $world = $result | Measure-PoseAngle -Joint LeftKnee, RightKnee -Space World
    for ($i = 0; $i -lt $result.Poses.Count; $i++) {
        $a = @($image | Where-Object PoseIndex -eq $i)
        $w = @($world | Where-Object PoseIndex -eq $i)
        $visibility = [Math]::Min($a[0].Visibility, $a[1].Visibility)
        $rows.Add([string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0},{1},{2:F1},{3:F1},{4:F1},{5:F1},{6:F2}',
            [IO.Path]::GetFileName($result.Source), $i, $a[0].Degrees, $a[1].Degrees, $w[0].Degrees, $w[1].Degrees, $visibility))
    }
}
$target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Csv)
New-Item -ItemType Directory -Force -Path (Split-Path $target) | Out-Null
Set-Content -LiteralPath $target -Value $rows
"{0} pose(s) written to {1}" -f ($rows.Count - 1), $target
