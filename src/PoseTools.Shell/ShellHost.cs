using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace PoseTools.Shell;

/// <summary>The PowerShell host: identity, exit requests, and the console UI.</summary>
internal sealed class ShellHost : PSHost
{
    private readonly ShellUserInterface _ui = new();
    public int? ExitCode { get; private set; }

    public override string Name => "PoseTools.Shell";
    public override Version Version => typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
