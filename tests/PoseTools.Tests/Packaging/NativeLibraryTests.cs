using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PoseTools.Tests.Packaging;

/// <summary>The native libraries' system dependencies: named with their packages, installed by the set-up, explained when missing.</summary>
public sealed partial class NativeLibraryTests
{
    // The C runtime and loader are on every system; everything else a bundled library needs must be in the table.
    private static readonly HashSet<string> Base = ["libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "ld-linux-x86-64.so.2"];

    private static IEnumerable<string> Needed(string library)
    {
        var psi = new ProcessStartInfo("readelf", ["-d", library]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return NeededEntry().Matches(output).Select(m => m.Groups[1].Value);
    }

    [Fact]
    public void EveryDependencyOfTheBundledLibrariesHasAPackageThatTheSetUpInstalls()
    {
        var natives = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "out", "module", "runtimes", "linux-x64", "native"), "*.so");
        Assert.Equal(3, natives.Length);
        var needed = natives.SelectMany(Needed).Where(n => !Base.Contains(n)).ToHashSet();
        Assert.Contains("libgtk-3.so.0", needed);
        Assert.Empty(needed.Except(NativeLibraries.DebianPackages.Keys));
        string setup = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "tools", "setup"));
        var listed = SetupNative().Match(setup).Groups[1].Value.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Empty(NativeLibraries.DebianPackages.Values.Distinct().Except(listed));
        // and the table names real packages of this system: each library it names resolves to that package here
        foreach (var (library, package) in NativeLibraries.DebianPackages)
        {
            var psi = new ProcessStartInfo("dpkg", ["-S", library]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string owners = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Contains(owners.Split('\n'), line => line.StartsWith(package + ":", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Unable to load shared library '/m/libOpenCvSharpExtern.so' or one of its dependencies: libgtk-3.so.0: cannot open shared object file: No such file or directory", "libgtk-3.so.0", "libgtk-3-0")]
    [InlineData("/m/libOpenCvSharpExtern.so: /usr/lib/x86_64-linux-gnu/libharfbuzz.so.0: file too short", "libharfbuzz.so.0", "libharfbuzz0b")]
    [InlineData("/m/libOpenCvSharpExtern.so: libexotic.so.3: cannot open shared object file", "libexotic.so.3", null)]
    public void ALoaderFailureNamesTheMissingLibraryAndItsPackage(string loaderMessage, string missing, string? package)
    {
        var e = NativeLibraries.Explain("/m/libOpenCvSharpExtern.so", new DllNotFoundException(loaderMessage));
        Assert.Equal((missing, package), (e.MissingDependency, e.Package));
        Assert.Equal("libOpenCvSharpExtern.so", e.Library);
        Assert.StartsWith($"PoseTools cannot load its native library libOpenCvSharpExtern.so: the system library {missing} is missing or broken.", e.Message);
        if (package is not null) Assert.Contains($"sudo apt-get install {package}", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void TheLibrariesLoadHere() => NativeLibraries.EnsureLoadable();

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededEntry();

    [GeneratedRegex(@"native=\(([^)]*)\)")]
    private static partial Regex SetupNative();
}
