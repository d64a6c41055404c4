using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;

namespace PoseTools.NotebookRunner;

/// <summary>What a C# cell can call, as in the .NET Interactive C# kernel: display(value).</summary>
public sealed class NotebookGlobals
{
    internal List<CellOutput> Displayed { get; } = [];

    /// <summary>Shows a value below the cell, formatted by the registered formatters.</summary>
    public void display(object? value) => Displayed.Add(CSharpCells.Format("display_data", value));
}

/// <summary>
/// Runs C# cells as one continuing Roslyn script, as the kernel keeps one submission chain. The notebooks' package
/// directives (#i "nuget: …", #r "nuget: PoseTools.Interactive…") are what a real kernel needs; here the same
/// assemblies are referenced up front, so those lines are dropped.
/// </summary>
public sealed partial class CSharpCells
{
    private readonly NotebookGlobals _globals = new();
    private readonly ScriptOptions _options;
    private ScriptState<object>? _state;

    public CSharpCells()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var references = trusted.Concat(local)
            .Where(IsManagedAssembly)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .Select(path => MetadataReference.CreateFromFile(path));
        _options = ScriptOptions.Default.WithReferences(references)
            .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks")
            .WithAllowUnsafe(false);
    }

    public async Task<List<CellOutput>> RunAsync(string source)
    {
        string code = Directive().Replace(source, "");
        _globals.Displayed.Clear();
        var outputs = new List<CellOutput>();
        var console = Console.Out;
        using var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            _state = _state is null
                ? await CSharpScript.RunAsync(code, _options, _globals)
                : await _state.ContinueWithAsync(code, _options);
        }
        catch (CompilationErrorException e)
        {
            Console.SetOut(console);
            return [.. Collected(printed), .. _globals.Displayed, CellOutput.Error(string.Join("\n", e.Diagnostics))];
        }
        catch (Exception e)
        {
            Console.SetOut(console);
            return [.. Collected(printed), .. _globals.Displayed, CellOutput.Error(e.ToString())];
        }
        Console.SetOut(console);
        outputs.AddRange(Collected(printed));
        outputs.AddRange(_globals.Displayed);
        if (_state.ReturnValue is { } value) outputs.Add(Format("execute_result", value));
        return outputs;
    }

    private static IEnumerable<CellOutput> Collected(StringWriter printed) =>
        printed.ToString() is { Length: > 0 } text ? [CellOutput.Stream(text)] : [];

    internal static CellOutput Format(string kind, object? value)
    {
        if (value is null) return new CellOutput(kind, "<null>", null, null);
        string mime = Formatter.GetPreferredMimeTypesFor(value.GetType()).FirstOrDefault() ?? PlainTextFormatter.MimeType;
        if (mime != HtmlFormatter.MimeType) return new CellOutput(kind, value.ToDisplayString(PlainTextFormatter.MimeType), null, value.GetType().FullName);
        // With HTML, the plain-text form is only a fallback: keep it to one line rather than the whole object tree.
        string plain = value.ToString() ?? value.GetType().Name;
        return new CellOutput(kind, plain.Length > 200 ? plain[..200] + "…" : plain, value.ToDisplayString(HtmlFormatter.MimeType), value.GetType().FullName);
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException) { return false; }
    }

    /// <summary>Kernel directives: #!csharp, #i "nuget: …", #r "nuget: …" (whole lines).</summary>
    [GeneratedRegex(@"^[ \t]*(#!csharp|#i[ \t]+""nuget:[^""]*""|#r[ \t]+""nuget:[^""]*"")[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Directive();
}
