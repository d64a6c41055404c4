using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace PoseTools.Shell;

/// <summary>Writes the way pwsh does: output to stdout; errors, warnings, verbose, debug and progress to stderr.</summary>
internal sealed class ShellUserInterface : PSHostUserInterface
{
    private readonly ShellRawUserInterface _raw = new();
    private static readonly bool Color = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _raw;

    public override bool SupportsVirtualTerminal => !Console.IsOutputRedirected;

    // The formatter emits colour codes; GetOutputString removes them as $PSStyle.OutputRendering asks (as pwsh's host does).
    public override void Write(string value) { ClearProgress(); Console.Out.Write(GetOutputString(value, SupportsVirtualTerminal)); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) { ClearProgress(); Console.Out.WriteLine(GetOutputString(value, SupportsVirtualTerminal)); }
    public override void WriteErrorLine(string value) => Err(value, ConsoleColor.Red);
    public override void WriteWarningLine(string message) => Err("WARNING: " + message, ConsoleColor.Yellow);
    public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message, ConsoleColor.Yellow);
    public override void WriteDebugLine(string message) => Err("DEBUG: " + message, ConsoleColor.Yellow);
    public override void WriteInformation(InformationRecord record) { }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        // Like pwsh: a live bar on a console, nothing when stderr is redirected to a file or pipe.
        if (Console.IsErrorRedirected) return;
        if (record.RecordType == ProgressRecordType.Completed) { ClearProgress(); return; }
        int width = Math.Max(40, _raw.BufferSize.Width - 1);
        string percent = record.PercentComplete >= 0 ? $" {record.PercentComplete,3}%" : "";
        string eta = record.SecondsRemaining > 0 ? $" {TimeSpan.FromSeconds(record.SecondsRemaining):mm\\:ss} left" : "";
        string bar = record.PercentComplete >= 0 ? "[" + new string('=', record.PercentComplete / 5).PadRight(20) + "]" : "";
        string line = $"{record.Activity}: {record.StatusDescription} {bar}{percent}{eta}";
        Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        _progressShown = true;
    }

    private void ClearProgress()
    {
        if (!_progressShown) return;
        Console.Error.Write("\r" + new string(' ', Math.Max(40, _raw.BufferSize.Width - 1)) + "\r");
        _progressShown = false;
    }

    private void Err(string text, ConsoleColor color)
    {
        ClearProgress();
        if (Color) Console.Error.WriteLine($"\u001b[{(color == ConsoleColor.Red ? 91 : 93)}m{text}\u001b[0m");
        else Console.Error.WriteLine(text);
    }

    public override string ReadLine() => Console.In.ReadLine() ?? "";
    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        foreach (char c in ReadLine()) secure.AppendChar(c);
        return secure;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new PSInvalidOperationException("PoseTools.Shell cannot prompt for input; pass every value as a parameter.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new PSInvalidOperationException("PoseTools.Shell cannot prompt for credentials.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => PromptForCredential(caption, message, userName, targetName);

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new PSInvalidOperationException("PoseTools.Shell cannot ask for confirmation; use -Confirm:$false or -Force.");
}

/// <summary>Console geometry for the formatter (tables are laid out to this width).</summary>
internal sealed class ShellRawUserInterface : PSHostRawUserInterface
{
    private static int Width()
    {
        try { return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 120 : Console.WindowWidth; }
        catch (IOException) { return 120; }
    }

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Size BufferSize { get => new(Width(), 9999); set { } }
    public override Size WindowSize { get => new(Width(), 50); set { } }
    public override Size MaxWindowSize => new(Width(), 50);
    public override Size MaxPhysicalWindowSize => new(Width(), 50);
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "PoseTools";
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
    public override void FlushInputBuffer() { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
