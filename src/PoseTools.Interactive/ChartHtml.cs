using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace PoseTools.Interactive;

/// <summary>When a chart's HTML carries the plotly.js library itself (it is never fetched from a CDN).</summary>
public enum PlotlyLibrary
{
    /// <summary>The first chart shown in this process carries the library; later ones use it (one copy per notebook session).</summary>
    Once,
    /// <summary>Every chart carries its own copy (self-contained HTML files; 3.6 MB each).</summary>
    Always,
    /// <summary>No chart carries it: the page must load plotly.js itself (the static preview shows until it does).</summary>
    Never,
}

/// <summary>
/// Plotly.NET charts as HTML that works offline: plotly.js comes from inside the Plotly.NET package (resource
/// plotly-2.28.0.min.js), and a static SVG preview of the chart's lines and bars shows wherever scripts do not run
/// (GitHub's notebook view, a saved page before the script arrives); Plotly replaces it when it draws.
/// </summary>
public static class ChartHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly Lazy<string> PlotlyJs = new(ReadLibrary);
    private static int _libraryShown;

    /// <summary>How charts carry plotly.js (default <see cref="PlotlyLibrary.Once"/>).</summary>
    public static PlotlyLibrary LibraryMode { get; set; } = PlotlyLibrary.Once;

    /// <summary>
    /// plotly.js as HTML to display on its own: in a page where the output that carried the library is gone (a
    /// notebook re-opened and run from the middle, a cleared cell), displaying this lets every chart draw again.
    /// </summary>
    public static Microsoft.AspNetCore.Html.HtmlString Library()
    {
        Interlocked.Exchange(ref _libraryShown, 1);
        return new Microsoft.AspNetCore.Html.HtmlString("<script type=\"text/javascript\">" + PlotlyJs.Value + "</script>");
    }

    /// <summary>Forgets that a chart carried the library (a new session: tests, a kernel restarted in the same process).</summary>
    internal static void ForgetLibraryShown() => Interlocked.Exchange(ref _libraryShown, 0);

    /// <summary>The plotly.js that Plotly.NET embeds.</summary>
    public static string PlotlyScript => PlotlyJs.Value;

    /// <summary>The chart as HTML, carrying plotly.js as <see cref="LibraryMode"/> says.</summary>
    public static string Render(GenericChart chart) => Render(chart, LibraryMode);

    /// <summary>The chart as HTML, carrying plotly.js as <paramref name="library"/> says.</summary>
    public static string Render(GenericChart chart, PlotlyLibrary library)
    {
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        var data = figure["data"]?.AsArray() ?? [];
        var layout = figure["layout"]?.AsObject() ?? [];
        int width = (int?)layout["width"]?.GetValue<double>() ?? 760, height = (int?)layout["height"]?.GetValue<double>() ?? 420;
        string id = "posetools-chart-" + Guid.NewGuid().ToString("N");
        bool carry = library switch
        {
            PlotlyLibrary.Always => true,
            PlotlyLibrary.Once => Interlocked.Exchange(ref _libraryShown, 1) == 0,
            _ => false,
        };
        var html = new StringBuilder($"<div class=\"posetools-chart\" style=\"max-width:{width}px\">");
        html.Append($"<div id=\"{id}\" style=\"width:{width}px;height:{height}px;max-width:100%\">{SvgPreview(data, layout, width, height)}</div>");
        if (carry) html.Append("<script type=\"text/javascript\">").Append(PlotlyJs.Value).Append("</script>");
        html.Append("<script type=\"text/javascript\">(function () {")
            .Append($"var figure = {figure.ToJsonString()};")
            .Append($"function draw(tries) {{ var el = document.getElementById('{id}'); if (!el) return;")
            .Append(" if (!window.Plotly) { if (tries < 100) { setTimeout(function () { draw(tries + 1); }, 100); return; }")
            // No plotly.js in this page after 10 s (the output that carried it is gone: a re-opened notebook, a cleared
            // cell): the static preview stays, with a line saying how to load the library.
            .Append(" var note = document.createElement('div'); note.className = 'posetools-chart-note'; note.style.cssText = 'font:12px sans-serif;color:#666';")
            .Append(" note.textContent = 'plotly.js is not loaded in this page: display PoseTools.Interactive.ChartHtml.Library() in a cell, or set ChartHtml.LibraryMode = PlotlyLibrary.Always.';")
            .Append(" el.parentNode.insertBefore(note, el.nextSibling); return; }")
            .Append(" el.innerHTML = ''; window.Plotly.newPlot(el, figure.data, figure.layout, {responsive: true, displaylogo: false}); }")
            .Append(" draw(0); })();</script></div>");
        return html.ToString();
    }

    private static string ReadLibrary()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET carries no plotly.js resource");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        // A literal "</script>" inside the library would end the tag early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A plain SVG of the 2D line and bar traces (axes, lines, bars, legend); other charts get a caption.</summary>
    internal static string SvgPreview(JsonArray data, JsonObject layout, int width, int height)
    {
        var series = data.OfType<JsonObject>().Select(Series.From).Where(s => s is not null).Cast<Series>().ToList();
        string title = WebUtility.HtmlEncode(layout["title"]?["text"]?.GetValue<string>() ?? "");
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto;font-family:sans-serif\">");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/><text x=\"12\" y=\"22\" font-size=\"15\">{title}</text>");
        if (series.Count == 0 || series.All(s => s.Y.Length == 0))
            return svg.Append($"<text x=\"12\" y=\"48\" font-size=\"12\" fill=\"#666\">Interactive chart: run the notebook to draw it.</text></svg>").ToString();

        const int left = 56, top = 36, right = 150, bottom = 40;
        double plotW = width - left - right, plotH = height - top - bottom;
        bool bars = series.Any(s => s.IsBar);
        var ys = series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        double yMin = bars ? Math.Min(0, ys.DefaultIfEmpty(0).Min()) : ys.DefaultIfEmpty(0).Min(), yMax = ys.DefaultIfEmpty(1).Max();
        if (yMax - yMin < 1e-12) yMax = yMin + 1;
        bool flip = layout["yaxis"]?["autorange"]?.GetValue<string>() == "reversed";
        double Y(double v) => top + (flip ? (v - yMin) / (yMax - yMin) : (yMax - v) / (yMax - yMin)) * plotH;
        svg.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW.ToString(C)}\" height=\"{plotH.ToString(C)}\" fill=\"#e5ecf6\"/>");
        foreach (var v in new[] { yMin, (yMin + yMax) / 2, yMax })
            svg.Append($"<text x=\"{left - 4}\" y=\"{(Y(v) + 4).ToString("F1", C)}\" font-size=\"10\" text-anchor=\"end\">{v.ToString("G4", C)}</text>");

        if (bars)
        {
            int categories = series.Max(s => s.Y.Length), n = series.Count;
            double slot = plotW / Math.Max(1, categories), barW = slot * 0.8 / n;
            for (int k = 0; k < n; k++)
                for (int i = 0; i < series[k].Y.Length; i++)
                {
                    double v = series[k].Y[i];
                    if (!double.IsFinite(v)) continue;
                    double x = left + i * slot + slot * 0.1 + k * barW, y0 = Y(0), y1 = Y(v);
                    svg.Append($"<rect x=\"{x.ToString("F1", C)}\" y=\"{Math.Min(y0, y1).ToString("F1", C)}\" width=\"{barW.ToString("F1", C)}\" height=\"{Math.Abs(y1 - y0).ToString("F1", C)}\" fill=\"{series[k].Colour}\"/>");
                }
        }
        else
        {
            var xs = series.SelectMany(s => s.X).Where(double.IsFinite).ToList();
            double xMin = xs.DefaultIfEmpty(0).Min(), xMax = xs.DefaultIfEmpty(1).Max();
            if (xMax - xMin < 1e-12) xMax = xMin + 1;
            double X(double v) => left + (v - xMin) / (xMax - xMin) * plotW;
            foreach (var v in new[] { xMin, (xMin + xMax) / 2, xMax })
                svg.Append($"<text x=\"{X(v).ToString("F1", C)}\" y=\"{height - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{v.ToString("G4", C)}</text>");
            foreach (var s in series)
            {
                var points = Enumerable.Range(0, Math.Min(s.X.Length, s.Y.Length)).Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]))
                    .Select(i => $"{X(s.X[i]).ToString("F1", C)},{Y(s.Y[i]).ToString("F1", C)}");
                svg.Append($"<polyline fill=\"none\" stroke=\"{s.Colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points)}\"/>");
            }
        }
        string xTitle = WebUtility.HtmlEncode(layout["xaxis"]?["title"]?["text"]?.GetValue<string>() ?? "");
        svg.Append($"<text x=\"{(left + plotW / 2).ToString("F0", C)}\" y=\"{height - 8}\" font-size=\"11\" text-anchor=\"middle\">{xTitle}</text>");
        for (int k = 0; k < series.Count; k++)
        {
            double y = top + 12 + 16 * k;
            svg.Append($"<rect x=\"{width - right + 10}\" y=\"{(y - 8).ToString(C)}\" width=\"12\" height=\"8\" fill=\"{series[k].Colour}\"/>")
               .Append($"<text x=\"{width - right + 26}\" y=\"{y.ToString(C)}\" font-size=\"11\">{WebUtility.HtmlEncode(series[k].Name)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private sealed record Series(string Name, double[] X, double[] Y, string Colour, bool IsBar)
    {
        public static Series? From(JsonObject trace)
        {
            string type = trace["type"]?.GetValue<string>() ?? "scatter";
            if (type is not ("scatter" or "bar")) return null;
            double[] Numbers(JsonNode? node) => node is JsonArray a
                ? a.Select(v => v is JsonValue j && j.TryGetValue<double>(out var d) ? d : double.NaN).ToArray()
                : [];
            var y = Numbers(trace["y"]);
            var x = type == "bar" ? Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray() : Numbers(trace["x"]);
            string colour = (type == "bar" ? trace["marker"]?["color"] : trace["line"]?["color"])?.GetValue<string>() ?? "#1f77b4";
            return new Series(trace["name"]?.GetValue<string>() ?? type, x, y, colour, type == "bar");
        }
    }
}
