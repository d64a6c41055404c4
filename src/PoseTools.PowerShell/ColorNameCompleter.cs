using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoseTools.Imaging;

namespace PoseTools.PowerShell;

/// <summary>Tab completion of the colour names that -JointColor and -BoneColor take (as ImportExcel completes its colours).</summary>
public sealed class ColorNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"');
        foreach (var name in Rgb.Names.Order(StringComparer.OrdinalIgnoreCase))
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var color = Rgb.Parse(name);
                yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, $"{name} ({color})");
            }
    }
}
