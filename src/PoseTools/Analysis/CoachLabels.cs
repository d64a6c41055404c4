using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>How a label reads: plain information, good form, or a fault.</summary>
public enum LabelTone
{
    /// <summary>Information: the exercise and the count so far.</summary>
    Neutral,
    /// <summary>A repetition or hold with good form.</summary>
    Good,
    /// <summary>A repetition or hold with faults.</summary>
    Fault,
}

/// <summary>One line of text to show next to a person on one frame.</summary>
public sealed record CoachLabel(int? PersonId, string Text, LabelTone Tone);

/// <summary>
/// What a coach would say on each frame of a clip, from its <see cref="WorkoutAnalysis"/>: per person, the exercise
/// and the repetitions completed so far; during a repetition and for a second after it, its number with its faults
/// (or "good form"); during a hold, its running time and faults. Plain ASCII, so any font can draw it.
/// </summary>
public sealed class CoachLabels(IReadOnlyList<PersonWorkout> workouts, double framesPerSecond = 30)
{
    private readonly long _afterglow = Math.Max(1, (long)Math.Round(framesPerSecond));

    /// <summary>Labels for the clip the workouts came from, its frame rate taken from the results' timestamps (30 when they carry none).</summary>
    public static CoachLabels For(IReadOnlyList<PersonWorkout> workouts, IReadOnlyList<PoseResult> results)
    {
        var timed = results.Where(r => r.FrameIndex is not null && r.Timestamp is not null).ToList();
        double fps = timed.Count >= 2 && timed[^1].Timestamp > timed[0].Timestamp
            ? (timed[^1].FrameIndex!.Value - timed[0].FrameIndex!.Value) / (timed[^1].Timestamp!.Value - timed[0].Timestamp!.Value).TotalSeconds
            : 30;
        return new CoachLabels(workouts, fps);
    }

    /// <summary>The labels of one frame, per person in the order of the analysis; none for people without an exercise.</summary>
    public IReadOnlyList<CoachLabel> At(long frame)
    {
        var labels = new List<CoachLabel>();
        foreach (var w in workouts.Where(w => w.Exercise != Exercise.Unknown))
        {
            if (HoldPositions.IsHeld(w.Exercise))
            {
                labels.Add(new CoachLabel(w.PersonId, w.Exercise.ToString(), LabelTone.Neutral));
                if (w.Holds.FirstOrDefault(h => frame >= h.StartFrame && frame <= h.EndFrame) is { } hold)
                {
                    double seconds = (frame - hold.StartFrame) / framesPerSecond;
                    labels.Add(new CoachLabel(w.PersonId, $"held {seconds:F1} s" + Faults(hold.Faults), hold.Faults.Count == 0 ? LabelTone.Good : LabelTone.Fault));
                }
                continue;
            }
            int done = w.Repetitions.Count(r => r.EndFrame <= frame);
            labels.Add(new CoachLabel(w.PersonId, $"{w.Exercise}: {done}", LabelTone.Neutral));
            var current = w.Repetitions.FirstOrDefault(r => frame >= r.StartFrame && frame <= r.EndFrame + _afterglow);
            if (current is not null)
                labels.Add(new CoachLabel(w.PersonId, $"#{current.Index}" + (current.Faults.Count == 0 ? (current.Form.Judged.Count > 0 ? " good form" : "") : Faults(current.Faults)),
                    current.Faults.Count == 0 ? LabelTone.Good : LabelTone.Fault));
        }
        return labels;
    }

    private static string Faults(IReadOnlyList<string> faults) => faults.Count == 0 ? "" : ": " + string.Join(", ", faults);
}
