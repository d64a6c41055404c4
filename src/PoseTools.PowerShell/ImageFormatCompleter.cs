using PoseTools.Imaging;

namespace PoseTools.PowerShell;

/// <summary>Tab completion of the image formats an overlay can be written in (from the core's one table).</summary>
public sealed class ImageFormatCompleter : ListCompleter
{
    protected override IEnumerable<(string Value, string Tooltip)> Values =>
        ImageFormats.WritableExtensions.Select(e => e.TrimStart('.')).Select(e => (e, e));
}
