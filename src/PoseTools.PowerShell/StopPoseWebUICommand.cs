using System.Management.Automation;

namespace PoseTools.PowerShell;

/// <summary>Stop-PoseWebUI: stops upload servers started with Start-PoseWebUI in this session.</summary>
[Cmdlet(VerbsLifecycle.Stop, "PoseWebUI", SupportsShouldProcess = true, DefaultParameterSetName = PortSet)]
public sealed class StopPoseWebUICommand : PSCmdlet
{
    private const string PortSet = "Port", ServerSet = "InputObject";

    /// <summary>The ports of the servers to stop; all servers when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = PortSet)]
    public int[]? Port { get; set; }

    /// <summary>Servers returned by Start-PoseWebUI.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ServerSet)]
    public PoseWebUIProcess[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        IEnumerable<PoseWebUIProcess> servers = ParameterSetName == ServerSet
            ? InputObject
            : WebServerRegistry.All.Where(s => Port is null || Port.Contains(s.Port));
        if (ParameterSetName == PortSet && Port is not null)
            foreach (var missing in Port.Where(p => WebServerRegistry.All.All(s => s.Port != p)))
                WriteError(new ErrorRecord(new ItemNotFoundException($"No PoseTools upload page started in this session listens on port {missing}."),
                    "ServerNotFound", ErrorCategory.ObjectNotFound, missing));
        foreach (var server in servers.ToList())
        {
            if (!ShouldProcess(server.Url.ToString(), "Stop the PoseTools upload page")) continue;
            WebServerRegistry.Remove(server);
            server.Dispose(); // SIGTERM: in-flight requests finish, then the page's process ends
            WriteVerbose($"Stopped {server.Url}.");
        }
    }
}
