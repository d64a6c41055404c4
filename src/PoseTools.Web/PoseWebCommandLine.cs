using System.Collections;
using System.Globalization;
using System.Net;
using PoseTools.Models;

namespace PoseTools.Web;

/// <summary>
/// The upload page's settings from its command line (<c>--port 8080 --listen 0.0.0.0 …</c>) over environment variables
/// (<c>POSETOOLS_WEB_PORT</c> …, the way a container is configured) over the defaults. Start-PoseWebUI passes its
/// parameters as arguments; a container sets the variables.
/// </summary>
public static class PoseWebCommandLine
{
    /// <summary>Option → environment variable, for the help text and the README.</summary>
    public static IReadOnlyList<(string Option, string Variable, string Meaning)> Settings { get; } =
    [
        ("--port", "POSETOOLS_WEB_PORT", "TCP port (default 8080; 0 picks a free one)"),
        ("--listen", "POSETOOLS_WEB_LISTEN", "address to listen on (default 127.0.0.1)"),
        ("--model-complexity", "POSETOOLS_WEB_MODEL_COMPLEXITY", "lite, full (default) or heavy, for requests that name none"),
        ("--max-upload-mb", "POSETOOLS_WEB_MAX_UPLOAD_MB", "largest upload in MB (default 20)"),
        ("--max-video-seconds", "POSETOOLS_WEB_MAX_VIDEO_SECONDS", "longest workout video analysed, in seconds (default 60)"),
        ("--max-concurrent", "POSETOOLS_WEB_MAX_CONCURRENT", "inferences at once, sharing the cores (default: the number of cores, one thread each)"),
        ("--output-directory", "POSETOOLS_WEB_OUTPUT_DIRECTORY", "save uploads and results here (default: nothing is saved)"),
        ("--model-directory", "POSETOOLS_MODELS", "the model folder (default: the user's model cache)"),
        ("--reduced-decoding", "POSETOOLS_WEB_REDUCED_DECODING", "on or off (default off): decode phones' large JPEGs at a reduced scale, about twice as fast"),
        ("--allowed-host", "POSETOOLS_WEB_ALLOWED_HOSTS", "host names to answer beside the server's own (repeat, or comma-separated; * for any)"),
    ];

    /// <summary>Parsed options, and the process whose end ends the server (Start-PoseWebUI's pwsh), if any.</summary>
    public sealed record Parsed(PoseWebOptions Options, int? ParentProcessId);

    /// <summary>Reads the settings; throws <see cref="ArgumentException"/> with a message for people on a bad one.</summary>
    public static Parsed Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (option, variable, _) in Settings)
            if (environment[variable] is string v && v.Length > 0)
                values[option] = [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var fromArgs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            if (option != "--parent-process" && !Settings.Any(s => s.Option.Equals(option, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"unknown option '{option}'; the options are {string.Join(", ", Settings.Select(s => s.Option))}");
            if (i + 1 >= args.Count) throw new ArgumentException($"{option} needs a value");
            if (fromArgs.Add(option)) values[option] = [];
            values[option].Add(args[++i]);
        }
        string? One(string option) => values.TryGetValue(option, out var list) ? list[^1] : null;
        int? Number(string option)
        {
            if (One(option) is not { } text) return null;
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"{option} takes a whole number, not '{text}'");
        }

        var options = new PoseWebOptions();
        if (Number("--port") is { } port) options = options with { Port = port };
        if (One("--listen") is { } listen)
            options = options with { ListenAddress = IPAddress.TryParse(listen, out var address) ? address : throw new ArgumentException($"--listen takes an IP address (127.0.0.1, 0.0.0.0 …), not '{listen}'") };
        if (One("--model-complexity") is { } complexity)
            options = options with { ModelComplexity = ModelComplexityNames.TryParse(complexity, out var c) ? c : throw new ArgumentException($"--model-complexity is lite, full or heavy, not '{complexity}'") };
        if (Number("--max-upload-mb") is { } mb) options = options with { MaxUploadMegabytes = mb };
        if (Number("--max-video-seconds") is { } seconds) options = options with { MaxVideoSeconds = seconds };
        if (Number("--max-concurrent") is { } concurrent) options = options with { MaxConcurrentInferences = concurrent };
        if (One("--output-directory") is { } output) options = options with { OutputDirectory = Path.GetFullPath(output) };
        if (One("--model-directory") is { } models) options = options with { ModelDirectory = Path.GetFullPath(models) };
        if (One("--reduced-decoding") is { } reduced)
            options = options with { ReducedDecoding = reduced.ToLowerInvariant() switch { "on" or "true" or "1" => true, "off" or "false" or "0" => false,
                _ => throw new ArgumentException($"--reduced-decoding is on or off, not '{reduced}'") } };
        if (values.TryGetValue("--allowed-host", out var hosts)) options = options with { AllowedHosts = hosts.SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList() };
        try { options.Validate(); }
        catch (ArgumentOutOfRangeException e) { throw new ArgumentException(e.Message, e); }
        return new Parsed(options, Number("--parent-process"));
    }
}
