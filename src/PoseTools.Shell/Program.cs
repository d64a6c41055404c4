using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PoseTools.Shell;

// PoseTools.Shell: runs PowerShell scripts with the PoseTools module imported, taking pwsh's switches:
//   dotnet run --project src/PoseTools.Shell -- -Command "Get-Pose photos/*.jpg | Export-PoseSkeleton -OutDirectory out"
//   dotnet run --project src/PoseTools.Shell -- -File examples/batch-overlay.ps1 -Folder photos
ShellArguments options;
try { options = ShellArguments.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}
if (options.Help || (options.Command is null && options.File is null))
{
    Console.WriteLine("""
        PoseTools.Shell — PowerShell with the PoseTools module, for machines without pwsh.
        Usage:
          PoseTools.Shell -Command <script text>
          PoseTools.Shell -File <script.ps1> [arguments]
          PoseTools.Shell [-NoProfile] ...   (no profile is ever loaded)
        The module comes from $env:POSETOOLS_MODULE, else the PoseTools.psd1 above this program.
        """);
    return options.Help ? 0 : 64;
}

var host = new ShellHost();
using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
runspace.Open();
using var ps = PowerShell.Create(runspace);
var errors = new ErrorFormatter(host);
ps.Streams.Error.DataAdded += (_, e) => errors.Write(ps.Streams.Error[e.Index]);
// Warnings, verbose, debug, information and progress reach the host UI directly from the engine; only errors
// need forwarding (they are collected, not shown).
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;   // stop the pipeline (cmdlets' StopProcessing), then exit normally
    ps.BeginStop(null, null);
};

// Like pwsh, colour only for a terminal: redirected output and NO_COLOR get plain text.
if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null)
{
    ps.AddScript("$PSStyle.OutputRendering = 'PlainText'");
    Run(ps, errors);
    ps.Commands.Clear();
}

string? module = ModuleLocator.Find();
if (module is null)
    host.UI.WriteWarningLine("The PoseTools module was not found: set POSETOOLS_MODULE to its PoseTools.psd1.");
else
{
    ps.AddCommand("Import-Module").AddParameter("Name", module).AddParameter("ErrorAction", ActionPreference.Stop);
    if (!Run(ps, errors)) return 1;
    ps.Commands.Clear();
}

if (options.Command is not null)
    ps.AddScript(options.Command);
else
{
    string script = Path.GetFullPath(options.File!);
    if (!File.Exists(script))
    {
        Console.Error.WriteLine($"The argument '{options.File}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
        return 64;
    }
    ps.AddScript(FileInvocation.Script(options.FileArguments))
      .AddArgument(script).AddArgument(options.FileArguments.ToArray());
}
ps.AddCommand("Out-Default");
bool completed = Run(ps, errors);
return host.ExitCode ?? (!completed || ps.HadErrors ? 1 : 0);

static bool Run(PowerShell ps, ErrorFormatter errors)
{
    try
    {
        ps.Invoke();
        return true;
    }
    catch (RuntimeException e)
    {
        errors.Write(e.ErrorRecord);
        return false;
    }
}
