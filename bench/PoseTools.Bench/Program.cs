using PoseTools.Bench;

// Benchmarks, run on demand (not part of the test suite): each prints its figures.
//   dotnet run -c Release --project bench/PoseTools.Bench -- models [--runs 50]
//   dotnet run -c Release --project bench/PoseTools.Bench -- pipeline [--runs 5] [--images folder]
//   dotnet run -c Release --project bench/PoseTools.Bench -- accuracy
//   dotnet run -c Release --project bench/PoseTools.Bench -- speed      (the README's speed table, official runtime beside)
//   dotnet run -c Release --project bench/PoseTools.Bench -- video [--runs 3] [--images folder-with-mp4s]
//   dotnet run -c Release --project bench/PoseTools.Bench -- int8       (int8 models: speed and how far their outputs move)
//   dotnet run -c Release --project bench/PoseTools.Bench -- web-memory (the upload page's resident memory, all complexities loaded)
var command = args.FirstOrDefault() ?? "help";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}");
switch (command)
{
    case "models": ModelBenchmark.Run(options); break;
    case "pipeline": PipelineBenchmark.Run(options); break;
    case "accuracy": AccuracyBenchmark.Run(options); break;
    case "video": VideoBenchmark.Run(options); break;
    case "speed": SpeedBenchmark.Run(options); break;
    case "int8": QuantizationBenchmark.Run(options); break;
    case "web-memory": WebMemoryBenchmark.Run(options); break;
    default:
        Console.WriteLine("usage: PoseTools.Bench models|pipeline|accuracy|video|speed|int8|web-memory [--runs N] [--images folder] [--models folder]");
        break;
}
