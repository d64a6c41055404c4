using System.Diagnostics;

namespace PoseTools.Tests.PowerShell;

/// <summary>Ctrl+C for a child process: SIGINT, as a terminal sends it.</summary>
public static class Signals
{
    /// <summary>
    /// Whether this process ignores SIGINT. A process started in the background of a non-interactive shell does, and
    /// its children inherit that: Ctrl+C cannot be simulated there.
    /// </summary>
    public static bool InterruptIgnored
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return false;
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
            return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & 2) != 0; // bit 1 = signal 2
        }
    }

    public static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()]);
        kill.WaitForExit();
    }
}
