<#
.SYNOPSIS
    Draws the skeleton on every photo of a folder.
.DESCRIPTION
    Finds the poses in each image of -Folder (JPEG, PNG, BMP, WebP, TIFF) and writes <name>.pose.jpg overlays (for
    JPEG photos) or <name>.pose.png (for the others) into -OutDirectory. Unreadable files are reported and skipped.
.EXAMPLE
    ./examples/batch-overlay.ps1 -Folder ./photos -OutDirectory ./overlays -MaxPoses 5
#>
param(
    [string] $Folder = (Join-Path $PSScriptRoot 'images'),
    [string] $OutDirectory = 'out/overlays',
    [int] $MaxPoses = 1
)

if (-not (Get-Module PoseTools)) {
    # From a clone of the repository its manifest; where the module is installed (Install-PSResource), by name.
    $manifest = Join-Path $PSScriptRoot '..' 'PoseTools.psd1'
    Import-Module $(if (Test-Path $manifest) { $manifest } else { 'PoseTools' }) -ErrorAction Stop
}
$written = Get-ChildItem -Path $Folder -File -Include *.jpg, *.jpeg, *.png, *.bmp, *.webp, *.tif, *.tiff -Recurse -Depth 0 |
    Get-Pose -MaxPoses $MaxPoses | Export-PoseSkeleton -OutDirectory $OutDirectory -PassThru
"{0} overlay(s) written to {1}" -f @($written).Count, $OutDirectory
$written | ForEach-Object { "  " + $_.FullName }
