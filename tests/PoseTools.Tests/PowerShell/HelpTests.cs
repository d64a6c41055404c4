namespace PoseTools.Tests.PowerShell;

public sealed class HelpTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void EveryCmdletAndParameterHasHelp()
    {
        var commands = session.Ok("(Get-Command -Module PoseTools).Name").Cast<string>().ToList();
        Assert.Contains("Get-Pose", commands);
        Assert.Contains("Export-PoseSkeleton", commands);
        foreach (var command in commands)
        {
            var synopsis = session.Ok($"(Get-Help {command}).Synopsis").Single() as string;
            Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{command}: no synopsis");
            Assert.DoesNotContain(command + " [", synopsis); // the generated stub when no help file is found
            var examples = session.Ok($"@((Get-Help {command} -Examples).Examples.Example).Count").Single();
            Assert.True((int)examples >= 2, $"{command}: {examples} examples");
            var parameters = session.Ok($"(Get-Command {command}).Parameters.Keys | Where-Object {{ $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }}").Cast<string>();
            foreach (var parameter in parameters)
            {
                var text = session.Ok($"((Get-Help {command} -Parameter {parameter}).Description | ForEach-Object Text) -join ' '").Single() as string;
                Assert.False(string.IsNullOrWhiteSpace(text), $"{command} -{parameter}: no description");
            }
        }
    }
}
