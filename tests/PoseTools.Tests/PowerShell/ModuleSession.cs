using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PoseTools.Tests.PowerShell;

/// <summary>
/// A PowerShell runspace (the real engine, hosted in-process) with PoseTools imported from the repository's
/// PoseTools.psd1 — the module folder the build produces, as a user imports it.
/// </summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleSession()
    {
        _ = TestEnvironment.Models; // install the models first, outside any cmdlet
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        var (_, errors) = Run($"Import-Module '{Manifest}' -ErrorAction Stop");
        if (errors.Count > 0) throw new InvalidOperationException("Import-Module failed: " + errors[0]);
    }

    public static string Manifest => Path.Combine(TestEnvironment.RepoRoot, "PoseTools.psd1");

    /// <summary>Runs a script; returns its output and its error records (non-terminating ones included).</summary>
    public (Collection<PSObject> Output, List<ErrorRecord> Errors) Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = System.Management.Automation.PowerShell.Create(_runspace);
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        Collection<PSObject> output;
        try { output = ps.Invoke(); }
        catch (RuntimeException e) { return ([], [e.ErrorRecord]); }
        return (output, ps.Streams.Error.ToList());
    }

    /// <summary>Runs a script that must not fail; returns the base objects of its output.</summary>
    public List<object> Ok(string script, IDictionary<string, object?>? variables = null)
    {
        var (output, errors) = Run(script, variables);
        if (errors.Count > 0) throw new Xunit.Sdk.XunitException($"script failed: {errors[0]}\n{script}");
        return output.Select(o => o.BaseObject).ToList();
    }

    public System.Management.Automation.PowerShell Create()
    {
        var ps = System.Management.Automation.PowerShell.Create(_runspace);
        return ps;
    }

    public void Dispose() => _runspace.Dispose();
}
