using System.Management.Automation;
using System.Reflection;
using PoseTools.ModuleBuilder;

// usage: PoseTools.ModuleBuilder <repository root>
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: PoseTools.ModuleBuilder <repository root>");
    return 2;
}
string repo = Path.GetFullPath(args[0]);
string docs = Path.Combine(repo, "docs", "cmdlets"), module = Path.Combine(repo, "out", "module");
var assembly = typeof(PoseTools.PowerShell.GetPoseCommand).Assembly;
var cmdlets = assembly.GetTypes()
    .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
    .Where(c => c.Attribute is not null)
    .OrderBy(c => c.Attribute!.NounName).ThenBy(c => c.Attribute!.VerbName)
    .ToList();
var problems = new List<string>();
var documented = new List<(Type, CmdletAttribute, CmdletDoc)>();
foreach (var (type, attribute) in cmdlets)
{
    string name = $"{attribute!.VerbName}-{attribute.NounName}";
    string file = Path.Combine(docs, name + ".md");
    if (!File.Exists(file)) { problems.Add($"{name}: no help page {file}"); continue; }
    var doc = CmdletDoc.Parse(file);
    if (doc.Synopsis.Length == 0) problems.Add($"{name}: empty SYNOPSIS");
    if (doc.Description.Length == 0) problems.Add($"{name}: empty DESCRIPTION");
    if (doc.Examples.Count < 2) problems.Add($"{name}: needs at least 2 examples, has {doc.Examples.Count}");
    foreach (var p in MamlWriter.Parameters(type))
        if (!doc.Parameters.TryGetValue(p.Name, out var text) || text.Length == 0) problems.Add($"{name}: parameter -{p.Name} is undocumented");
    foreach (var extra in doc.Parameters.Keys.Except(MamlWriter.Parameters(type).Select(p => p.Name), StringComparer.OrdinalIgnoreCase))
        problems.Add($"{name}: documents -{extra}, which the cmdlet does not have");
    documented.Add((type, attribute, doc));
}
if (problems.Count > 0)
{
    foreach (var p in problems) Console.Error.WriteLine($"error: {p}");
    return 1;
}
// Get-Help looks in <module base>/<culture>/ for <assembly>.dll-Help.xml.
string helpName = Path.GetFileName(assembly.Location) + "-Help.xml";
foreach (var baseFolder in new[] { repo, module })
{
    Directory.CreateDirectory(Path.Combine(baseFolder, "en-US"));
    MamlWriter.Write(Path.Combine(baseFolder, "en-US", helpName), documented);
}

// The module folder's own manifest: the repository's, with paths relative to out/module.
string manifest = File.ReadAllText(Path.Combine(repo, "PoseTools.psd1"))
    .Replace("'out/module/", "'", StringComparison.Ordinal)
    .Replace("'src/PoseTools.PowerShell/", "'", StringComparison.Ordinal);
File.WriteAllText(Path.Combine(module, "PoseTools.psd1"), manifest);
string package = PSResourcePackage.Write(module, Path.Combine(repo, "out", "psresource"));
Console.WriteLine($"PoseTools.ModuleBuilder: help for {documented.Count} cmdlets; module folder {module} complete; PSResource package {package}");
return 0;
