namespace PoseTools.Bench;

public sealed record BenchOptions(int Runs, string? Models, string? Images)
{
    public static BenchOptions Parse(string[] args)
    {
        int runs = 50;
        string? models = null, images = null;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[++i]); break;
                case "--models": models = args[++i]; break;
                case "--images": images = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        return new BenchOptions(runs, models, images);
    }
}

public static class Stats
{
    public static double Median(List<double> values) => Percentile(values, 50);

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p / 100 * (sorted.Count - 1)))];
    }
}
