using PoseTools.Imaging;

namespace PoseTools.PowerShell;

/// <summary>Tab completion of the colour names that -JointColor and -BoneColor take (as ImportExcel completes its colours).</summary>
public sealed class ColorNameCompleter : ListCompleter
{
    protected override IEnumerable<(string Value, string Tooltip)> Values =>
        Rgb.Names.Order(StringComparer.OrdinalIgnoreCase).Select(name => (name, $"{name} ({Rgb.Parse(name)})"));
}
