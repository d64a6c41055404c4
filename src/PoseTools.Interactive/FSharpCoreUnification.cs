using System.Reflection;
using System.Runtime.Loader;

namespace PoseTools.Interactive;

/// <summary>
/// Plotly.NET 6 (the only version served) is compiled against FSharp.Core 10.1, and the .NET Interactive kernel has
/// already loaded its own FSharp.Core 10.0 into the process, which cannot hold a second copy: every chart failed with
/// "Could not load FSharp.Core, Version=10.1.0.0". What a binding redirect did on .NET Framework, this does here —
/// when FSharp.Core of the same major version is asked for and cannot be found, the one already loaded answers.
/// Checked in the real kernel (the notebook tests draw every chart there); nothing else is redirected.
/// </summary>
internal static class FSharpCoreUnification
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core" || requested.Version is not { } wanted) return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "FSharp.Core" && a.GetName().Version?.Major == wanted.Major)
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
