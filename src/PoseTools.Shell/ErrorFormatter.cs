using System.Management.Automation;
using System.Management.Automation.Host;

namespace PoseTools.Shell;

/// <summary>Shows error records as pwsh's concise view does: "Command: message".</summary>
internal sealed class ErrorFormatter(PSHost host)
{
    public void Write(ErrorRecord record)
    {
        string message = record.ErrorDetails?.Message is { Length: > 0 } details ? details : record.Exception.Message;
        string? command = record.InvocationInfo?.MyCommand?.Name;
        host.UI.WriteErrorLine(string.IsNullOrEmpty(command) || command.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) && false ? message : $"{command}: {message}");
    }
}
