namespace PoseTools.Shell;

/// <summary>pwsh's own command-line switches, the subset a script runner needs.</summary>
internal sealed record ShellArguments(string? Command, string? File, IReadOnlyList<string> FileArguments, bool NoProfile, bool Help)
{
    public static ShellArguments Parse(IReadOnlyList<string> args)
    {
        string? command = null, file = null;
        var fileArgs = new List<string>();
        bool noProfile = false, help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string name = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a.StartsWith('-') || a.StartsWith('/') ? a[1..] : "";
            switch (name.ToLowerInvariant())
            {
                case "command" or "c":
                    // As pwsh: everything after -Command is the command text.
                    command = string.Join(' ', args.Skip(i + 1));
                    return new ShellArguments(command, null, [], noProfile, help);
                case "file" or "f":
                    if (i + 1 >= args.Count) throw new ArgumentException("-File needs the path of a script.");
                    file = args[i + 1];
                    fileArgs.AddRange(args.Skip(i + 2));
                    return new ShellArguments(null, file, fileArgs, noProfile, help);
                case "noprofile" or "nop": noProfile = true; break;
                case "nologo" or "nol" or "noninteractive" or "noni": break;
                case "executionpolicy" or "ep": i++; break;
                case "help" or "h" or "?": help = true; break;
                case "":
                    // pwsh treats a bare first argument as -File.
                    return new ShellArguments(null, a, args.Skip(i + 1).ToList(), noProfile, help);
                default:
                    throw new ArgumentException($"Unknown switch '{a}'. Use -Command <script>, -File <path> [args], -NoProfile.");
            }
        }
        return new ShellArguments(command, file, fileArgs, noProfile, help);
    }
}
