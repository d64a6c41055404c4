using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoseTools.Imaging;

namespace PoseTools.PowerShell;

/// <summary>Tab completion of the image formats an overlay can be written in (from the core's one table).</summary>
public sealed class ImageFormatCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"').TrimStart('.');
        foreach (var extension in ImageFormats.WritableExtensions.Select(e => e.TrimStart('.')))
            if (extension.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                yield return new CompletionResult(extension, extension, CompletionResultType.ParameterValue, extension);
    }
}
