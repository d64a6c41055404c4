using PoseTools.Geometry;
using PoseTools.Models;
using System.Text.Json;
using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>One annotated person: 17 COCO keypoints (x, y in pixels, v: 0 unknown, 1 occluded, 2 visible), box, area.</summary>
public sealed record AnnotatedPerson(IReadOnlyList<(double X, double Y, int V)> Keypoints, (double X, double Y, double Width, double Height) Box, double Area);

/// <summary>Scores of a set of results against COCO-17 ground truth.</summary>
public sealed record KeypointScore(int Persons, int Recalled, double MeanOks, double Pck)
{
    /// <summary>The share of annotated people matched at OKS above 0.5.</summary>
    public double Recall => Persons == 0 ? 0 : (double)Recalled / Persons;
    /// <summary>Poses that match nobody annotated (OKS below 0.1 with every person of their image, or an image without people).</summary>
    public int FalsePoses { get; init; }

    /// <summary>The images scored (with people or without).</summary>
    public int Images { get; init; }

    /// <summary>A one-line summary: recall, mean OKS, PCK and false poses.</summary>
    public override string ToString() =>
        $"recall {Recalled}/{Persons} ({Recall:P0}) at OKS>0.5, mean OKS of matched {MeanOks:F3}, PCK@0.2 {Pck:F3}, {FalsePoses} false poses in {Images} images";
}

/// <summary>
/// COCO keypoint evaluation of BlazePose results: object keypoint similarity with COCO's per-keypoint sigmas,
/// poses matched to people greedily by OKS, recall at OKS &gt; 0.5, and PCK@0.2 of the larger box side.
/// </summary>
public static class KeypointEvaluation
{
    private static readonly double[] Sigmas = [.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089];

    /// <summary>Reads ground truth in the shared format: {"images": {"file.jpg": {"persons": [{keypoints, bbox, area}]}}}.</summary>
    public static Dictionary<string, IReadOnlyList<AnnotatedPerson>> ReadGroundTruth(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, IReadOnlyList<AnnotatedPerson>>();
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateObject())
        {
            var persons = new List<AnnotatedPerson>();
            foreach (var p in image.Value.GetProperty("persons").EnumerateArray())
            {
                var kp = p.GetProperty("keypoints").EnumerateArray().Select(k => (k[0].GetDouble(), k[1].GetDouble(), (int)k[2].GetDouble())).ToList();
                var b = p.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                persons.Add(new AnnotatedPerson(kp, (b[0], b[1], b[2], b[3]), p.GetProperty("area").GetDouble()));
            }
            result[image.Name] = persons;
        }
        return result;
    }

    /// <summary>COCO's object keypoint similarity of a pose with an annotated person (0–1), over the person's labelled keypoints.</summary>
    public static double Oks(Pose pose, AnnotatedPerson person, int width, int height)
    {
        double area = Math.Max(person.Area, 1), sum = 0;
        int count = 0;
        for (int k = 0; k < 17; k++)
        {
            var (gx, gy, v) = person.Keypoints[k];
            if (v <= 0) continue;
            var l = pose.Landmarks[PoseSkeleton.CocoKeypoints[k]];
            double dx = l.X * width - gx, dy = l.Y * height - gy;
            sum += Math.Exp(-(dx * dx + dy * dy) / (2 * area * Math.Pow(2 * Sigmas[k], 2)));
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>
    /// Evaluates results (keyed by file name) against ground truth. Only images the ground truth lists are scored; one
    /// listed with nobody makes each of its poses a false one.
    /// </summary>
    public static KeypointScore Evaluate(IReadOnlyDictionary<string, PoseResult> results, IReadOnlyDictionary<string, IReadOnlyList<AnnotatedPerson>> truth)
    {
        int persons = 0, recalled = 0, matched = 0, hits = 0, labelled = 0, falsePoses = 0, images = 0;
        double oksSum = 0;
        foreach (var (name, people) in truth)
        {
            if (results.TryGetValue(name, out var scored))
            {
                images++;
                falsePoses += scored.Poses.Count(pose => people.All(person => Oks(pose, person, scored.Width, scored.Height) < 0.1));
            }
            if (people.Count == 0) continue;
            persons += people.Count;
            if (!results.TryGetValue(name, out var result)) continue;
            var pairs = (from i in Enumerable.Range(0, result.Poses.Count)
                         from j in Enumerable.Range(0, people.Count)
                         select (Oks: Oks(result.Poses[i], people[j], result.Width, result.Height), i, j))
                        .OrderByDescending(p => p.Oks).ToList();
            var usedPoses = new HashSet<int>();
            var usedPeople = new HashSet<int>();
            foreach (var (oks, i, j) in pairs)
            {
                if (usedPoses.Contains(i) || usedPeople.Contains(j)) continue;
                usedPoses.Add(i);
                usedPeople.Add(j);
                matched++;
                oksSum += oks;
                if (oks > 0.5) recalled++;
                var person = people[j];
                double threshold = 0.2 * Math.Max(person.Box.Width, person.Box.Height);
                for (int k = 0; k < 17; k++)
                {
                    var (gx, gy, v) = person.Keypoints[k];
                    if (v <= 0) continue;
                    var l = result.Poses[i].Landmarks[PoseSkeleton.CocoKeypoints[k]];
                    labelled++;
                    if (Math.Sqrt(Math.Pow(l.X * result.Width - gx, 2) + Math.Pow(l.Y * result.Height - gy, 2)) <= threshold) hits++;
                }
            }
        }
        return new KeypointScore(persons, recalled, matched == 0 ? 0 : oksSum / matched, labelled == 0 ? 0 : (double)hits / labelled)
        {
            FalsePoses = falsePoses,
            Images = images,
        };
    }

    /// <summary>
    /// The official pipeline's outputs as the mpref harness writes them ({"images": [{file, width, height, found,
    /// landmarks}]}) as PoseTools results — one pose per image where it found one — to score them alike.
    /// </summary>
    public static Dictionary<string, PoseResult> ReadOfficialResults(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var results = new Dictionary<string, PoseResult>();
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            int width = image.GetProperty("width").GetInt32(), height = image.GetProperty("height").GetInt32();
            var poses = new List<Pose>();
            if (image.GetProperty("found").GetBoolean())
            {
                var landmarks = image.GetProperty("landmarks").EnumerateArray().Select((l, i) =>
                {
                    float x = l.GetProperty("x").GetSingle(), y = l.GetProperty("y").GetSingle();
                    return new Landmark((PoseLandmark)i, x, y, l.GetProperty("z").GetSingle(), l.GetProperty("visibility").GetSingle(), 1, x * width, y * height);
                }).ToList();
                var world = landmarks.Select(l => new WorldLandmark(l.Name, 0, 0, 0, l.Visibility, 1));
                poses.Add(new Pose(1, 1, default, new PoseLandmarks<Landmark>(landmarks), new PoseLandmarks<WorldLandmark>(world), new RegionOfInterest(0.5f, 0.5f, 1, 1, 0), []));
            }
            string file = image.GetProperty("file").GetString()!;
            results[file] = new PoseResult(file, width, height, ModelComplexity.Full, poses, new PoseTimings(0, 0, 0, 0, 0));
        }
        return results;
    }
}
