<#
.SYNOPSIS
    Draws the skeleton on every photo of a folder.
.DESCRIPTION
    Finds the poses in each image of -Folder (JPEG, PNG, BMP, WebP, TIFF) and writes <name>.pose.png overlays into
    -OutDirectory. Unreadable files are reported and skipped. Runs in pwsh and in PoseTools.Shell.
.EXAMPLE
    ./examples/batch-overlay.ps1 -Folder ./photos -OutDirectory ./overlays -MaxPoses 5
#>
param(
    [string] $Folder = ([IO.Path]::Combine($PSScriptRoot, 'images')),
    [string] $OutDirectory = 'out/overlays',
    [int] $MaxPoses = 1
)

$images = foreach ($pattern in '*.jpg', '*.jpeg', '*.png', '*.bmp', '*.webp', '*.tif', '*.tiff') {
    $ExecutionContext.InvokeProvider.ChildItem.Get(([IO.Path]::Combine($Folder, $pattern)), $false)
}
$written = $images | Get-Pose -MaxPoses $MaxPoses | Export-PoseSkeleton -OutDirectory $OutDirectory -PassThru
"{0} overlay(s) written to {1}" -f @($written).Count, $OutDirectory
$written | ForEach-Object { "  " + $_.FullName }
