using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using OpenCvSharp;
using Plotly.NET;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Interactive;

/// <summary>
/// Registers PoseTools' notebook formatters with .NET Interactive. It happens by itself: the kernel runs the package's
/// extension.dib when the NuGet package is added; a plain #r of the assembly registers on first use of any PoseTools
/// result (PoseResult carries a convention attribute that leads the formatter here), and loading this assembly does it
/// too. Calling <see cref="Register"/> yourself is harmless.
/// </summary>
public static class NotebookFormatters
{
    private static readonly Lock Gate = new();

    [ModuleInitializer]
    internal static void Initialize()
    {
        FSharpCoreUnification.Register(); // before any chart type is touched
        Register();
    }

    /// <summary>Registers the HTML formatters, unless they are registered already (also after Formatter.ResetToDefault).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (Formatter.RegisteredFormatters(true).Any(f => f is PoseToolsFormatter<PoseResult>)) return;
            RegisterAll();
        }
    }

    private static void RegisterAll()
    {
        Add<PoseResult>(ResultHtml.Render);
        Add<IEnumerable<PoseResult>>(results => ResultHtml.RenderMany(results));
        Add<ComplexityComparison>(ResultHtml.RenderComparison);
        Add<IEnumerable<ComplexityComparison>>(RenderComparisons);
        Add<Mat>(image => ImageHtml.Img(image, "image"));
        Add<GenericChart>(ChartHtml.Render);
    }

    private static void Add<T>(Func<T, string> html)
    {
        Formatter.Register(new PoseToolsFormatter<T>(html));
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }

    /// <summary>PoseTools' HTML formatter for one type (its own class, so registration can tell it is done).</summary>
    private sealed class PoseToolsFormatter<T>(Func<T, string> html) : ITypeFormatter
    {
        public string MimeType => HtmlFormatter.MimeType;
        public Type Type => typeof(T);

        public bool Format(object instance, FormatContext context)
        {
            if (instance is not T value) return false;
            context.Writer.Write(html(value));
            return true;
        }
    }

    private static string RenderComparisons(IEnumerable<ComplexityComparison> comparisons)
    {
        var list = comparisons.ToList();
        return string.Concat(list.Select(ResultHtml.RenderComparison)) + ChartHtml.Render(PoseCharts.Disagreement(list)) + ChartHtml.Render(PoseCharts.Timing(list));
    }
}

/// <summary>
/// The formatter source .NET Interactive finds through PoseResult's convention attribute. It follows the convention
/// (objects with MimeType, Type and Format(object, TextWriter)), so the core library needs no notebook package.
/// </summary>
public sealed class NotebookFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        NotebookFormatters.Register();
        yield return new ConventionFormatter(typeof(PoseResult), value => ResultHtml.Render((PoseResult)value));
        yield return new ConventionFormatter(typeof(ComplexityComparison), value => ResultHtml.RenderComparison((ComplexityComparison)value));
    }

    /// <summary>One formatter in the shape the convention expects.</summary>
    public sealed class ConventionFormatter(Type type, Func<object, string> html)
    {
        public string MimeType => HtmlFormatter.MimeType;
        public Type Type => type;

        public bool Format(object instance, TextWriter writer)
        {
            if (!type.IsInstanceOfType(instance)) return false;
            writer.Write(html(instance));
            return true;
        }
    }
}
