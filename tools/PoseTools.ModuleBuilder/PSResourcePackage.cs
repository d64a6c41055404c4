using System.Collections;
using System.IO.Compression;
using System.Management.Automation.Language;
using System.Security;

namespace PoseTools.ModuleBuilder;

/// <summary>
/// Packs the module folder as a PSResource package (.nupkg): the files at the package root beside a nuspec whose
/// tags mark it a PowerShell module, as Publish-PSResource writes it, so Install-PSResource installs it from a local
/// repository and Import-Module finds it by name.
/// </summary>
internal static class PSResourcePackage
{
    public static string Write(string moduleFolder, string outputFolder)
    {
        var manifest = ReadManifest(Path.Combine(moduleFolder, "PoseTools.psd1"));
        string version = (string)manifest["ModuleVersion"]!;
        Directory.CreateDirectory(outputFolder);
        string target = Path.Combine(outputFolder, $"PoseTools.{version}.nupkg");
        var files = Directory.GetFiles(moduleFolder, "*", SearchOption.AllDirectories);
        // Compressing 140 MB of native libraries takes seconds: only when something changed.
        if (File.Exists(target) && files.All(f => File.GetLastWriteTimeUtc(f) <= File.GetLastWriteTimeUtc(target))) return target;

        string temp = target + ".partial";
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
        {
            Entry(zip, "PoseTools.nuspec", Nuspec(manifest, version));
            Entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" /><Default Extension="dll" ContentType="application/octet" /><Default Extension="so" ContentType="application/octet" /><Default Extension="xml" ContentType="application/octet" /><Default Extension="ps1xml" ContentType="application/octet" /><Default Extension="psd1" ContentType="application/octet" /><Default Extension="pdb" ContentType="application/octet" /></Types>
                """);
            Entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="utf-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/PoseTools.nuspec" Id="R0" /></Relationships>
                """);
            foreach (var file in files.Order(StringComparer.Ordinal))
                zip.CreateEntryFromFile(file, Path.GetRelativePath(moduleFolder, file).Replace('\\', '/'), CompressionLevel.Fastest);
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    private static Hashtable ReadManifest(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0) throw new InvalidOperationException($"{path}: {errors[0].Message}");
        var table = (HashtableAst)ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false)!;
        return (Hashtable)table.SafeGetValue();
    }

    private static string Nuspec(Hashtable manifest, string version)
    {
        var data = (Hashtable)((Hashtable)manifest["PrivateData"]!)["PSData"]!;
        var tags = new[] { "PSModule", "PSEdition_Core" }
            .Concat(((object[])manifest["CmdletsToExport"]!).Select(c => "PSCmdlet_" + c))
            .Concat(((object[])data["Tags"]!).Cast<string>());
        static string X(object? value) => SecurityElement.Escape(value?.ToString() ?? "");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
              <metadata>
                <id>PoseTools</id>
                <version>{X(version)}</version>
                <authors>{X(manifest["Author"])}</authors>
                <owners>{X(manifest["CompanyName"])}</owners>
                <requireLicenseAcceptance>false</requireLicenseAcceptance>
                <licenseUrl>{X(data["LicenseUri"])}</licenseUrl>
                <description>{X(manifest["Description"])}</description>
                <copyright>{X(manifest["Copyright"])}</copyright>
                <tags>{X(string.Join(' ', tags))}</tags>
              </metadata>
            </package>
            """;
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
