using System.Management.Automation;

namespace PoseTools.PowerShell;

/// <summary>
/// PowerShell's conventions for files a cmdlet writes (as Export-Csv / Out-File): overwrite by default,
/// -NoClobber refuses an existing file, -Force also replaces a read-only one; -WhatIf writes nothing.
/// </summary>
internal static class OutputFile
{
    /// <summary>True when <paramref name="path"/> may be written; otherwise an error has been written and false returned.</summary>
    public static bool MayWrite(PSCmdlet cmdlet, string path, bool noClobber, bool force, string action)
    {
        if (!cmdlet.ShouldProcess(path, action)) return false;
        if (Directory.Exists(path))
        {
            cmdlet.WriteError(new ErrorRecord(new IOException($"'{path}' is a folder; give a file name."), "PathIsFolder", ErrorCategory.InvalidArgument, path));
            return false;
        }
        var info = new FileInfo(path);
        if (info.Exists)
        {
            if (noClobber)
            {
                cmdlet.WriteError(new ErrorRecord(new IOException($"The file '{path}' already exists and -NoClobber was given."),
                    "FileExists", ErrorCategory.ResourceExists, path));
                return false;
            }
            if (info.IsReadOnly)
            {
                if (!force)
                {
                    cmdlet.WriteError(new ErrorRecord(new UnauthorizedAccessException($"The file '{path}' is read-only; use -Force to replace it."),
                        "FileReadOnly", ErrorCategory.PermissionDenied, path));
                    return false;
                }
                info.IsReadOnly = false;
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        return true;
    }

}
