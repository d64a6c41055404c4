using System.Reflection;

namespace PoseTools.Results;

/// <summary>
/// The hook .NET Interactive's formatter looks for by name (TypeFormatterSourceAttribute, any namespace): when a
/// notebook displays a result, the formatter asks this attribute for a formatter source. It names PoseTools.Interactive's
/// source without referencing it, so the core needs no notebook package; when PoseTools.Interactive is not present
/// the attribute offers nothing and the notebook's default formatting applies.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute : Attribute
{
    private const string AssemblyName = "PoseTools.Interactive", SourceType = "PoseTools.Interactive.NotebookFormatterSource";
    private static readonly Lazy<Type?> Source = new(Find);

    public Type? FormatterSourceType => Source.Value;

    public string[]? PreferredMimeTypes => Source.Value is null ? null : ["text/html"];

    private static Type? Find()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == AssemblyName);
        if (assembly is null)
        {
            try { assembly = Assembly.Load(AssemblyName); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
        }
        return assembly.GetType(SourceType);
    }
}
