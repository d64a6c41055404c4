@{
    # The binary module is built into out/module by `dotnet build PoseTools.sln -c Release`.
    RootModule           = 'out/module/PoseTools.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '3a9bd31a-fe5f-412a-9fd4-1f6b471499ee'
    Author               = 'PoseTools contributors'
    CompanyName          = 'PoseTools'
    Copyright            = '(c) PoseTools contributors. Apache-2.0 (models: Google MediaPipe, Apache-2.0).'
    Description          = 'Human pose estimation (Google MediaPipe BlazePose on ONNX Runtime, CPU, offline): 33 body landmarks from photos and videos, skeleton overlays, exports, joint angles.'
    PowerShellVersion    = '7.5'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('src/PoseTools.PowerShell/PoseTools.Format.ps1xml')
    TypesToProcess       = @('src/PoseTools.PowerShell/PoseTools.Types.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-Pose'
        'Export-PoseSkeleton'
        'Export-Pose'
        'Get-PoseModel'
        'Install-PoseModel'
        'Compare-PoseModel'
        'Measure-PoseAngle'
        'Measure-PoseRepetition'
        'Measure-PoseHold'
        'Get-PoseExercise'
        'Find-PoseFall'
        'Start-PoseWebUI'
        'Stop-PoseWebUI'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('pose', 'mediapipe', 'blazepose', 'onnx', 'computer-vision')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
