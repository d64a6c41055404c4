using System.Text;
using System.Text.RegularExpressions;

namespace PoseTools.Shell;

/// <summary>
/// Calls a script with arguments as pwsh -File does: "-Name" tokens are parameter names, "-Name:value" binds a value
/// to a name, everything else is a value (a string, converted by the parameter binder).
/// </summary>
internal static partial class FileInvocation
{
    [GeneratedRegex(@"^-([A-Za-z_][\w-]*)(:(.*))?$", RegexOptions.Singleline)]
    private static partial Regex ParameterToken();

    /// <summary>A script taking ($__script, [string[]]$__a) that invokes the script with those arguments.</summary>
    public static string Script(IReadOnlyList<string> arguments)
    {
        var call = new StringBuilder("param($__script, [string[]]$__a) & $__script");
        for (int i = 0; i < arguments.Count; i++)
        {
            var match = ParameterToken().Match(arguments[i]);
            if (!match.Success) call.Append($" $__a[{i}]");
            else if (match.Groups[2].Success) call.Append($" -{match.Groups[1].Value}:$__a[{i}].Substring({match.Groups[1].Length + 2})");
            else call.Append($" -{match.Groups[1].Value}");
        }
        return call.ToString();
    }
}
