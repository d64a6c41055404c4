using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>What one person did in a clip: the exercise (recognised, or the one asked for), its repetitions or holds.</summary>
public sealed record PersonWorkout(int? PersonId, Exercise Exercise, ExerciseRecognition? Recognition, IReadOnlyList<Repetition> Repetitions, IReadOnlyList<Hold> Holds);

/// <summary>
/// One clip's workout, per person: each person's exercise recognised from the whole clip (<see cref="ExerciseRecognizer"/>)
/// or given, then their repetitions counted and judged (<see cref="RepetitionTracker"/>) or their holds timed
/// (<see cref="HoldTracker"/>). What the annotated video, the upload page and Measure-PoseRepetition without
/// -Exercise share.
/// </summary>
public static class WorkoutAnalysis
{
    /// <summary>
    /// Analyses the results of one clip. With <paramref name="exercise"/>, everyone tracked is measured as doing it;
    /// without, each person recognised as doing an exercise is measured with theirs, and people recognised as Unknown
    /// (a coach standing by) get no repetitions. Form thresholds are overridden by rule name; a hold is broken after
    /// <paramref name="holdTolerance"/> out of position (HoldTracker's 0.5 s by default).
    /// </summary>
    public static IReadOnlyList<PersonWorkout> Analyze(IReadOnlyList<PoseResult> results, Exercise? exercise = null, IReadOnlyDictionary<string, double>? formThresholds = null,
        TimeSpan? holdTolerance = null)
    {
        if (exercise is null && formThresholds is not null)
            foreach (var name in formThresholds.Keys.Where(n => !Enum.GetValues<Exercise>().Any(e => RuleNames(e).Contains(n, StringComparer.OrdinalIgnoreCase))))
                throw new ArgumentException($"no exercise has a form rule '{name}'");
        var recognitions = ExerciseRecognizer.Recognize(results).ToDictionary(r => r.PersonId ?? 0);
        var people = exercise is null
            ? recognitions.Values.Select(r => (r.PersonId, Exercise: r.Exercise)).ToList()
            : results.SelectMany(r => r.Poses).Select(p => p.PersonId).Distinct().Select(id => (PersonId: id, Exercise: exercise.Value)).ToList();
        var workouts = new List<PersonWorkout>();
        foreach (var (person, what) in people)
        {
            var own = results.Select(r => r with { Poses = r.Poses.Where(p => p.PersonId == person).ToList() }).ToList();
            // Recognised: each person gets the thresholds of their own exercise's rules (a squat's do not apply to a plank).
            var thresholds = exercise is null ? formThresholds?.Where(t => RuleNames(what).Contains(t.Key, StringComparer.OrdinalIgnoreCase)).ToDictionary() : formThresholds;
            var repetitions = ExercisePreset.IsCounted(what) ? RepetitionTracker.For(what, thresholds).Count(own) : [];
            var holds = HoldPositions.IsHeld(what) ? HoldTracker.Find(own, what, thresholds, holdTolerance) : [];
            workouts.Add(new PersonWorkout(person, what, recognitions.GetValueOrDefault(person ?? 0), repetitions, holds));
        }
        return workouts;
    }

    private static IEnumerable<string> RuleNames(Exercise exercise) =>
        HoldPositions.IsHeld(exercise) ? HoldPositions.For(exercise).Rules.Select(r => r.Name)
        : ExercisePreset.IsCounted(exercise) ? FormRules.For(exercise).Select(r => r.Name)
        : [];
}
