using PoseTools.Models;

namespace PoseTools.Tests.Models;

[CollectionDefinition(nameof(EnvironmentVariables), DisableParallelization = true)]
public sealed class EnvironmentVariables;

[Collection(nameof(EnvironmentVariables))]
public sealed class ModelDirectoryTests
{
    [Fact]
    public void EnvironmentVariableChoosesTheCacheFolder()
    {
        var before = Environment.GetEnvironmentVariable(ModelStore.DirectoryVariable);
        try
        {
            var dir = TestEnvironment.NewTempDirectory("posetools-env");
            Environment.SetEnvironmentVariable(ModelStore.DirectoryVariable, dir);
            Assert.Equal(dir, new ModelStore().Directory);
            Assert.Equal("/explicit/models", new ModelStore("/explicit/models").Directory);
            Environment.SetEnvironmentVariable(ModelStore.DirectoryVariable, null);
            Assert.EndsWith(Path.Combine("posetools", "models"), new ModelStore().Directory, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelStore.DirectoryVariable, before);
        }
    }
}
