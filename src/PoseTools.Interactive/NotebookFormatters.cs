using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using OpenCvSharp;
using Plotly.NET;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Interactive;

/// <summary>
/// Registers PoseTools' notebook formatters with .NET Interactive. It happens by itself: the kernel runs the package's
/// extension.dib when the NuGet package is added, and the first use of anything in this assembly registers them too
/// (module initializer). After a plain #r of the assembly, call <see cref="Register"/> (harmless when done already).
/// The core library knows nothing of notebooks: it names no skin.
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
