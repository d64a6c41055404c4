using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>A fault a form rule found in one repetition: what, a sentence for the athlete, and the numbers behind it.</summary>
public sealed record FormFault(string Rule, string Feedback, double Measured, double Threshold);

/// <summary>A rule skipped because the camera's view cannot show it (never guessed): the rule and why.</summary>
public sealed record FormRuleSkipped(string Rule, string Reason);

/// <summary>What the form rules of an exercise say about one repetition.</summary>
public sealed record FormAssessment(BodyView View, IReadOnlyList<FormFault> Faults, IReadOnlyList<string> Judged, IReadOnlyList<FormRuleSkipped> NotJudged)
{
    /// <summary>No rules (an exercise without any yet).</summary>
    public static FormAssessment None { get; } = new(BodyView.Unknown, [], [], []);
}

/// <summary>
/// One repetition's frames for one person, in order, with the frame where the counted angle turned (the bottom of a
/// squat), and up to a second of frames before it started (<see cref="LeadIn"/>: the start position held, such as a
/// pull-up's hang). Rules measure on the better-seen side, in image pixels normalised by a body segment's length, so
/// the person's size and distance do not matter.
/// </summary>
public sealed record RepetitionMovement(IReadOnlyList<(long Frame, Pose Pose)> Frames, long TurnFrame, double TurnAngle,
    IReadOnlyList<(long Frame, Pose Pose)>? LeadIn = null)
{
    /// <summary>The first frame: the start position.</summary>
    public Pose Start => Frames[0].Pose;

    /// <summary>The frames within <paramref name="reach"/> of the turn.</summary>
    public IEnumerable<Pose> AroundTurn(int reach = 2) => Frames.Where(f => Math.Abs(f.Frame - TurnFrame) <= reach).Select(f => f.Pose);

    /// <summary>The lead-in's frames, then the repetition's.</summary>
    public IEnumerable<Pose> WithLeadIn() => (LeadIn ?? []).Concat(Frames).Select(f => f.Pose);
}

/// <summary>
/// A form rule: a measure over a repetition, a threshold, the views where it can be judged, and the feedback sentence
/// ({0} is the measured value). <see cref="FaultAbove"/> says whether values above the threshold (or below) are faults.
/// </summary>
public sealed record FormRule(string Name, IReadOnlySet<BodyView> Views, double Threshold, bool FaultAbove, string Feedback,
    Func<RepetitionMovement, double> Measure)
{
    /// <summary>Set on a rule no view can judge with these landmarks: why. Such a rule is always reported as not judged.</summary>
    public string? Unjudgeable { get; init; }

    /// <summary>Judges one repetition: null when the form is good, or when the measure cannot be taken (NaN).</summary>
    public FormFault? Judge(RepetitionMovement movement) => Judge(Measure(movement));

    /// <summary>Judges a value of this rule's measure.</summary>
    public FormFault? Judge(double value)
    {
        if (double.IsNaN(value)) return null;
        bool fault = FaultAbove ? value > Threshold : value < Threshold;
        return fault ? new FormFault(Name, string.Format(System.Globalization.CultureInfo.InvariantCulture, Feedback, value), value, Threshold) : null;
    }
}

/// <summary>
/// The built-in form rules, per exercise. Every threshold says where it comes from: measured on ../shared/data's
/// labelled clips (the incorrect squat against the correct ones), or coaching practice. Override any by name.
/// </summary>
public static class FormRules
{
    private static readonly IReadOnlySet<BodyView> SideOnly = new HashSet<BodyView> { BodyView.Side };
    private static readonly IReadOnlySet<BodyView> FrontOrBack = new HashSet<BodyView> { BodyView.Front, BodyView.Back };
    private static readonly IReadOnlySet<BodyView> AnyView = new HashSet<BodyView> { BodyView.Side, BodyView.Front, BodyView.Back, BodyView.Oblique };
    private static readonly IReadOnlySet<BodyView> FrontOnly = new HashSet<BodyView> { BodyView.Front };
    private static readonly IReadOnlySet<BodyView> FaceSeen = new HashSet<BodyView> { BodyView.Side, BodyView.Front, BodyView.Oblique };

    /// <summary>The rules of an exercise (none for curls and russian twists), thresholds overridden by name.</summary>
    public static IReadOnlyList<FormRule> For(Exercise exercise, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        var rules = exercise switch
        {
            Exercise.Squat => Squat,
            Exercise.PushUp => PushUp,
            Exercise.PullUp => PullUp,
            Exercise.JumpingJack => JumpingJack,
            _ => [],
        };
        if (thresholds is null) return rules;
        foreach (var name in thresholds.Keys.Where(n => !rules.Any(r => r.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
            throw new ArgumentException($"{exercise} has no form rule '{name}'; its rules are {(rules.Count == 0 ? "none yet" : string.Join(", ", rules.Select(r => r.Name)))}");
        return rules.Select(r => thresholds.FirstOrDefault(t => t.Key.Equals(r.Name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } t ? r with { Threshold = t.Value } : r).ToList();
    }

    /// <summary>Judges one repetition with <paramref name="rules"/>: the view from its frames, each rule judged or skipped.</summary>
    public static FormAssessment Assess(RepetitionMovement movement, IReadOnlyList<FormRule> rules)
    {
        if (rules.Count == 0) return FormAssessment.None;
        // The view in the start position: standing, the shoulders and torso read best.
        var view = BodyViews.Of(movement.Frames.Take(5).Select(f => f.Pose));
        var faults = new List<FormFault>();
        var judged = new List<string>();
        var skipped = new List<FormRuleSkipped>();
        foreach (var rule in rules)
        {
            if (rule.Unjudgeable is not null)
            {
                skipped.Add(new FormRuleSkipped(rule.Name, rule.Unjudgeable));
                continue;
            }
            if (!rule.Views.Contains(view))
            {
                skipped.Add(new FormRuleSkipped(rule.Name, $"needs a view from {string.Join(" or ", rule.Views).ToLowerInvariant()}; seen from {view.ToString().ToLowerInvariant()}"));
                continue;
            }
            double value = rule.Measure(movement);
            if (double.IsNaN(value))
            {
                skipped.Add(new FormRuleSkipped(rule.Name, "the landmarks it needs are not seen clearly"));
                continue;
            }
            judged.Add(rule.Name);
            if (rule.Judge(value) is { } fault) faults.Add(fault);
        }
        return new FormAssessment(view, faults, judged, skipped);
    }

    /// <summary>
    /// Squat. Depth (any view): the knee's 3D angle at the bottom above 120° is a half squat (measured: the shallowest
    /// correct squat in the shared clips reaches 112°; coaching practice asks for thighs near parallel, ~90°).
    /// KneesPastToes (side): the knee more than 0.25 shin lengths beyond the toes at the bottom (measured: the
    /// incorrect clip 0.39, the correct side-view ones at most −0.35). TorsoLean (side): the trunk more than 50° from
    /// vertical at the bottom (coaching practice: roughly parallel to the shins; measured 6–38°). KneesCaveIn (front
    /// or back): the knees' spread over the ankles' shrinks below 0.8 of the standing one at the bottom (knee valgus;
    /// the shared front and back clips widen instead, to 1.1–1.8). HeelsRising is listed and never judged: the foot
    /// landmarks tilt 25° heel-up at the bottom of a correct side-view squat (squat_correct_010) and 18.5° on the clip
    /// that squats on its toes, and that athlete's heels are up from the first frame, so neither the tilt nor the
    /// heel's rise from the start tells them apart.
    /// </summary>
    public static IReadOnlyList<FormRule> Squat { get; } =
    [
        new("Depth", AnyView, 120, FaultAbove: true, "Only down to a {0:F0}° knee angle: sit deeper, thighs at least parallel to the floor.", m => m.TurnAngle),
        new("KneesPastToes", SideOnly, 0.25, FaultAbove: true, "Your knees travel {0:F2} shin lengths past your toes: sit back into your hips.",
            m => m.AroundTurn().Select(p => KneeBeyondToes(p, Facing(m.Start))).DefaultIfEmpty(double.NaN).Max()),
        new("TorsoLean", SideOnly, 50, FaultAbove: true, "Your chest drops {0:F0}° forward: keep it up, back straight.",
            m => m.AroundTurn().Select(TrunkFromVertical).DefaultIfEmpty(double.NaN).Max()),
        new("KneesCaveIn", FrontOrBack, 0.8, FaultAbove: false, "Your knees move in (to {0:P0} of their standing spread): push them out over your toes.",
            m => m.AroundTurn().Select(KneeSpread).DefaultIfEmpty(double.NaN).Min() / KneeSpread(m.Start)),
        new("HeelsRising", SideOnly, double.NaN, FaultAbove: true, "Your heels come off the floor: keep your weight over the whole foot.", _ => double.NaN)
        {
            Unjudgeable = "the model's heel and toe landmarks tilt as much on a correct squat as on one on the toes (measured on the shared clips)",
        },
    ];

    /// <summary>
    /// Push-up. Depth (any view): the elbows' angle at the bottom above 100° (coaching practice: upper arms at least
    /// parallel to the floor, about 90°; measured: the shared push-ups bottom out at 44–95°). HipsPiked (side): the
    /// hips bent more than 8° upwards off the shoulder–knee line at the bottom (measured: the piked clip 11°, the
    /// correct one 5°). HipsSagging (side): the hips dropping more than 12° below that line at any point of the
    /// repetition (measured: pushup_incorrect_001 sags to 22–23° pushing up; the correct and piked clips never drop
    /// below the line). ElbowFlare (front:
    /// from the side the far elbow is hidden): the upper arm more than 70° out from the trunk at the bottom, in 3D
    /// (coaching practice: elbows about 45° from the body; 90° is a "T" that loads the shoulders).
    /// </summary>
    public static IReadOnlyList<FormRule> PushUp { get; } =
    [
        new("Depth", AnyView, 100, FaultAbove: true, "Only down to a {0:F0}° elbow angle: lower your chest until your upper arms are level with your back.", m => m.TurnAngle),
        new("HipsPiked", SideOnly, 8, FaultAbove: true, "Your hips are {0:F0}° high at the bottom: lower them into one line from shoulders to knees.",
            m => m.AroundTurn().Select(HipBend).DefaultIfEmpty(double.NaN).Average()),
        new("HipsSagging", SideOnly, -12, FaultAbove: false, "Your hips sag {0:0;0}° below the line: brace your stomach and glutes.",
            m => m.Frames.Select(f => HipBend(f.Pose)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min()),
        new("ElbowFlare", FrontOnly, 70, FaultAbove: true, "Your elbows flare {0:F0}° from your body: keep them about 45° from your sides.",
            m => m.AroundTurn().Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftShoulder, Joint.RightShoulder, AngleSpace.World)).DefaultIfEmpty(double.NaN).Average()),
    ];

    /// <summary>
    /// Pull-up. ChinOverBar (front or side: from behind the face is a guess): at the top, the mouth above the hands,
    /// which hold the bar (coaching practice: the chin clears the bar); measured in upper-arm lengths, a fault below 0.
    /// FullExtension (any view): the elbows open to at least 150° in the hang before the pull or in the repetition, in
    /// 3D (coaching practice: a dead hang with straight arms; the pose trainer's pull-up rule asks for 140–180°).
    /// </summary>
    public static IReadOnlyList<FormRule> PullUp { get; } =
    [
        new("ChinOverBar", FaceSeen, 0, FaultAbove: false, "Your chin stays {0:F2} upper-arm lengths below the bar: pull until it clears.",
            m => m.AroundTurn().Select(ChinOverHands).DefaultIfEmpty(double.NaN).Max()),
        new("FullExtension", AnyView, 150, FaultAbove: false, "Your arms only open to {0:F0}°: hang with straight arms between pulls.",
            m => m.WithLeadIn().Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftElbow, Joint.RightElbow, AngleSpace.World)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max()),
    ];

    /// <summary>
    /// Jumping jack (front or back: from the side arms and legs open towards the camera). ArmsOverhead: the arms
    /// reach at least 150° from the trunk at the top (the pose trainer's rule: 150–180°; coaching practice: hands meet
    /// over the head). FeetApart: at the top the ankles at least 1.5 times as far apart as the shoulders (coaching
    /// practice: feet land wider than the shoulders; the shoulder landmarks are joint centres, narrower than the body).
    /// </summary>
    public static IReadOnlyList<FormRule> JumpingJack { get; } =
    [
        new("ArmsOverhead", FrontOrBack, 150, FaultAbove: false, "Your arms only rise to {0:F0}°: bring your hands together over your head.", m => m.TurnAngle),
        new("FeetApart", FrontOrBack, 1.5, FaultAbove: false, "Your feet land {0:F1} shoulder widths apart: jump them out wider.",
            m => m.AroundTurn().Select(FeetSpread).DefaultIfEmpty(double.NaN).Max()),
    ];

    private static double Distance(Landmark a, Landmark b) => Math.Sqrt(Math.Pow(a.PixelX - b.PixelX, 2) + Math.Pow(a.PixelY - b.PixelY, 2));

    // +1 when the toes point to the right of the image, -1 to the left (from the standing frame: the foot is flat).
    private static double Facing(Pose p)
    {
        var leg = BodySide.BetterSeen(p);
        return Math.Sign(p.Landmarks[leg.Toe].PixelX - p.Landmarks[leg.Heel].PixelX);
    }

    private static double KneeBeyondToes(Pose p, double facing)
    {
        var leg = BodySide.BetterSeen(p);
        var l = p.Landmarks;
        double shin = Distance(l[leg.Knee], l[leg.Ankle]);
        return shin < 1 || facing == 0 ? double.NaN : (l[leg.Knee].PixelX - l[leg.Toe].PixelX) * facing / shin;
    }

    private static double TrunkFromVertical(Pose p)
    {
        var leg = BodySide.BetterSeen(p);
        var l = p.Landmarks;
        return Math.Atan2(Math.Abs(l[leg.Shoulder].PixelX - l[leg.Hip].PixelX), l[leg.Hip].PixelY - l[leg.Shoulder].PixelY) * 180 / Math.PI;
    }

    // Degrees the hips bend off the shoulder–knee line on the better-seen side: positive when they rise above it (a
    // pike), negative when they drop below it (a sag); "above" is up in the image, for a body lying level.
    private static double HipBend(Pose p)
    {
        var side = BodySide.BetterSeen(p);
        var l = p.Landmarks;
        double sx = l[side.Shoulder].PixelX, sy = l[side.Shoulder].PixelY, hx = l[side.Hip].PixelX, hy = l[side.Hip].PixelY, kx = l[side.Knee].PixelX, ky = l[side.Knee].PixelY;
        if (Math.Abs(kx - sx) < 1) return double.NaN;
        double bend = 180 - JointAngles.Degrees(p, side == BodySide.Left ? Joint.LeftHip : Joint.RightHip, AngleSpace.Image);
        double lineY = sy + (ky - sy) * (hx - sx) / (kx - sx);
        return hy < lineY ? bend : -bend;
    }

    // The mouth's height over the wrists, in upper-arm lengths (positive: above the hands, so above the bar).
    private static double ChinOverHands(Pose p)
    {
        var l = p.Landmarks;
        double mouth = (l[PoseLandmark.MouthLeft].PixelY + l[PoseLandmark.MouthRight].PixelY) / 2;
        double hands = (l[PoseLandmark.LeftWrist].PixelY + l[PoseLandmark.RightWrist].PixelY) / 2;
        var side = BodySide.BetterSeen(p);
        double upperArm = Distance(l[side.Shoulder], l[side.Elbow]);
        return upperArm < 1 ? double.NaN : (hands - mouth) / upperArm;
    }

    private static double FeetSpread(Pose p)
    {
        var l = p.Landmarks;
        double shoulders = Math.Abs(l[PoseLandmark.LeftShoulder].PixelX - l[PoseLandmark.RightShoulder].PixelX);
        return shoulders < 1 ? double.NaN : Math.Abs(l[PoseLandmark.LeftAnkle].PixelX - l[PoseLandmark.RightAnkle].PixelX) / shoulders;
    }

    private static double KneeSpread(Pose p)
    {
        var l = p.Landmarks;
        double ankles = Math.Abs(l[PoseLandmark.LeftAnkle].PixelX - l[PoseLandmark.RightAnkle].PixelX);
        return ankles < 1 ? double.NaN : Math.Abs(l[PoseLandmark.LeftKnee].PixelX - l[PoseLandmark.RightKnee].PixelX) / ankles;
    }
}
