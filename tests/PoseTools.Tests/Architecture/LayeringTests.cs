using System.Reflection;
using System.Text.RegularExpressions;

namespace PoseTools.Tests.Architecture;

/// <summary>
/// ../shared/DESIGN.md's rule: the skins (PowerShell, Interactive, Web) depend on the core and never on each other,
/// and the core depends on none of them — not by reference, and not by naming one.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string[] Skins = ["PoseTools.PowerShell", "PoseTools.Interactive", "PoseTools.Web"];

    [Fact]
    public void TheCoreReferencesAndNamesNoSkin()
    {
        Assert.DoesNotContain(typeof(PoseTools.Inference.PoseEstimator).Assembly.GetReferencedAssemblies(), a => Skins.Contains(a.Name));
        var offending = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "src", "PoseTools"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//") && SkinName().IsMatch(l.Text)) // code and messages; comments may say where a thing is used
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, "the core names a skin:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void NoSkinAssemblyReferencesAnotherSkin()
    {
        // As built: what each skin's assembly references (a build-order-only project reference does not count).
        var built = new Dictionary<string, string>
        {
            ["PoseTools.PowerShell"] = Path.Combine(TestEnvironment.RepoRoot, "out", "module", "PoseTools.PowerShell.dll"),
            ["PoseTools.Interactive"] = typeof(PoseTools.Interactive.NotebookFormatters).Assembly.Location,
            ["PoseTools.Web"] = typeof(PoseTools.Web.PoseWebServer).Assembly.Location,
        };
        foreach (var (skin, path) in built)
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
            Assert.Contains("PoseTools", references);
            foreach (var other in Skins.Where(s => s != skin))
                Assert.False(references.Contains(other), $"{skin} references {other}");
        }
    }

    // Skin assemblies, and the cmdlets' names (Verb-Pose…), in code or messages of the core.
    [GeneratedRegex(@"PoseTools\.(PowerShell|Interactive|Web)\b|\b(Get|Export|Install|Measure|Find|Compare|Start|Stop)-Pose\w*")]
    private static partial Regex SkinName();
}
