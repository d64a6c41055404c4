namespace PoseTools.ModuleBuilder;

/// <summary>The prose of one cmdlet's help, read from docs/cmdlets/&lt;Name&gt;.md.</summary>
internal sealed record CmdletDoc(
    string Name,
    string Synopsis,
    string Description,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<(string Title, string Code, string Remarks)> Examples,
    string Inputs,
    string Outputs,
    string Notes,
    IReadOnlyList<string> Links)
{
    /// <summary>
    /// Sections: "# Name", "## SYNOPSIS", "## DESCRIPTION", "## PARAMETERS" with "### -Param" entries,
    /// "## EXAMPLES" with "### Title" + a fenced code block + remarks, "## INPUTS", "## OUTPUTS", "## NOTES",
    /// "## RELATED LINKS" (a list of cmdlet names).
    /// </summary>
    public static CmdletDoc Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string name = lines.First(l => l.StartsWith("# ")).Substring(2).Trim();
        var sections = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ")) sections[line[3..].Trim()] = current = [];
            else current?.Add(line);
        }
        string Text(string section) => sections.TryGetValue(section, out var l) ? string.Join("\n", l).Trim() : "";

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (title, body) in Subsections(sections.GetValueOrDefault("PARAMETERS") ?? []))
            parameters[title.TrimStart('-')] = body.Trim();

        var examples = new List<(string, string, string)>();
        foreach (var (title, body) in Subsections(sections.GetValueOrDefault("EXAMPLES") ?? []))
        {
            var bodyLines = body.Split('\n');
            int open = Array.FindIndex(bodyLines, l => l.StartsWith("```"));
            int close = open < 0 ? -1 : Array.FindIndex(bodyLines, open + 1, l => l.StartsWith("```"));
            if (open < 0 || close < 0) throw new FormatException($"{path}: example '{title}' needs a ``` code block");
            examples.Add((title, string.Join("\n", bodyLines[(open + 1)..close]).Trim(), string.Join("\n", bodyLines[(close + 1)..]).Trim()));
        }
        var links = (sections.GetValueOrDefault("RELATED LINKS") ?? []).Select(l => l.Trim().TrimStart('-', '*').Trim()).Where(l => l.Length > 0).ToList();
        return new CmdletDoc(name, Text("SYNOPSIS"), Text("DESCRIPTION"), parameters, examples, Text("INPUTS"), Text("OUTPUTS"), Text("NOTES"), links);
    }

    private static IEnumerable<(string Title, string Body)> Subsections(List<string> lines)
    {
        string? title = null;
        var body = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("### "))
            {
                if (title is not null) yield return (title, string.Join("\n", body));
                title = line[4..].Trim();
                body.Clear();
            }
            else body.Add(line);
        }
        if (title is not null) yield return (title, string.Join("\n", body));
    }
}
