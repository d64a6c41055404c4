using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Get-Help in real pwsh: every cmdlet and parameter documented, and -Full renders.</summary>
public sealed class HelpTests
{
    [Fact]
    public void EveryCmdletAndParameterHasHelp()
    {
        var lines = Ok("""
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($command in (Get-Command -Module PoseTools).Name) {
                $help = Get-Help $command -Full
                'command|' + $command + '|' + $help.Synopsis + '|' + @($help.Examples.Example).Count
                foreach ($parameter in (Get-Command $command).Parameters.Keys | Where-Object { $_ -notin $common }) {
                    'parameter|' + $command + '|' + $parameter + '|' + (((Get-Help $command -Parameter $parameter).Description | ForEach-Object Text) -join ' ')
                }
            }
            """).Select(l => l.Split('|')).ToList();
        var commands = lines.Where(l => l[0] == "command").ToList();
        Assert.Contains(commands, c => c[1] == "Get-Pose");
        Assert.Contains(commands, c => c[1] == "Export-PoseSkeleton");
        Assert.All(commands, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c[2]), $"{c[1]}: no synopsis");
            Assert.DoesNotContain(c[1] + " [", c[2]); // the generated stub when no help file is found
            Assert.True(int.Parse(c[3]) >= 2, $"{c[1]}: {c[3]} examples");
        });
        Assert.All(lines.Where(l => l[0] == "parameter"), p => Assert.False(string.IsNullOrWhiteSpace(p[3]), $"{p[1]} -{p[2]}: no description"));
    }

    [Fact]
    public void FullHelpRendersInTheConsole()
    {
        var (exit, stdout, _) = Raw(TestEnvironment.RepoRoot, null, "-NoProfile", "-Command", $"Import-Module {Quote(Manifest)}; Get-Help Get-Pose -Full");
        Assert.Equal(0, exit);
        foreach (var section in new[] { "NAME", "SYNOPSIS", "SYNTAX", "DESCRIPTION", "PARAMETERS", "-ModelComplexity", "INPUTS", "OUTPUTS", "Example 1:", "Example 2:" })
            Assert.Contains(section, stdout);
    }
}
