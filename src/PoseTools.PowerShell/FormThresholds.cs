using System.Collections;
using System.Management.Automation;

namespace PoseTools.PowerShell;

/// <summary>-FormThreshold @{ Rule = value } as the analysis takes it: rule names case-insensitive, values as numbers.</summary>
internal static class FormThresholds
{
    public static Dictionary<string, double>? From(Hashtable? table)
    {
        if (table is null) return null;
        var thresholds = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in table)
            thresholds[entry.Key.ToString()!] = LanguagePrimitives.ConvertTo<double>(entry.Value);
        return thresholds;
    }
}
