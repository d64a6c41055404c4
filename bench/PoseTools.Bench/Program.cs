using PoseTools.Bench;

// Benchmarks, run on demand (not part of the test suite): each prints its figures.
//   dotnet run -c Release --project bench/PoseTools.Bench -- models [--runs 50]
var command = args.FirstOrDefault() ?? "help";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}");
switch (command)
{
    case "models": ModelBenchmark.Run(options); break;
    default:
        Console.WriteLine("usage: PoseTools.Bench models [--runs N]");
        break;
}
