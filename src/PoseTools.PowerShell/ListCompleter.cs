using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PoseTools.PowerShell;

/// <summary>Tab completion from a fixed list of values (colour names, image formats): those starting with what is typed.</summary>
public abstract class ListCompleter : IArgumentCompleter
{
    /// <summary>The values, with the tooltip each shows.</summary>
    protected abstract IEnumerable<(string Value, string Tooltip)> Values { get; }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"').TrimStart('.');
        foreach (var (value, tooltip) in Values)
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, tooltip);
    }
}
