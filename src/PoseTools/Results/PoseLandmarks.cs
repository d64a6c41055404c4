using System.Collections;

namespace PoseTools.Results;

/// <summary>
/// The 33 landmarks of a pose, in <see cref="PoseLandmark"/> order: enumerable, indexable by position, by
/// <see cref="PoseLandmark"/> or by name (<c>["LeftKnee"]</c>), and with one property per landmark, so PowerShell's
/// <c>$pose.Landmarks.LeftKnee</c> and C#'s <c>pose.Landmarks.LeftKnee</c> both read naturally.
/// </summary>
public sealed class PoseLandmarks<T> : IReadOnlyList<T> where T : INamedLandmark
{
    private readonly T[] _items;

    /// <summary>The 33 landmarks, in <see cref="PoseLandmark"/> order (checked).</summary>
    public PoseLandmarks(IEnumerable<T> items)
    {
        _items = items.ToArray();
        if (_items.Length != PoseSkeleton.LandmarkCount)
            throw new ArgumentException($"a pose has {PoseSkeleton.LandmarkCount} landmarks, not {_items.Length}");
        for (int i = 0; i < _items.Length; i++)
            if ((int)_items[i].Name != i) throw new ArgumentException($"landmark {i} is {_items[i].Name}, expected {(PoseLandmark)i}");
    }

    /// <summary>Always 33.</summary>
    public int Count => _items.Length;
    /// <summary>By position, 0 (nose) to 32 (right foot index).</summary>
    public T this[int index] => _items[index];
    /// <summary>By landmark.</summary>
    public T this[PoseLandmark landmark] => _items[(int)landmark];

    /// <summary>By name, case-insensitive (e.g. "leftknee").</summary>
    public T this[string name] => Enum.TryParse<PoseLandmark>(name, ignoreCase: true, out var landmark)
        ? _items[(int)landmark]
        : throw new KeyNotFoundException($"'{name}' is not a pose landmark; use one of {string.Join(", ", Enum.GetNames<PoseLandmark>())}");

    /// <summary>The landmarks in order.</summary>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>The nose.</summary>
    public T Nose => _items[(int)PoseLandmark.Nose];
    /// <summary>The left eye inner.</summary>
    public T LeftEyeInner => _items[(int)PoseLandmark.LeftEyeInner];
    /// <summary>The left eye.</summary>
    public T LeftEye => _items[(int)PoseLandmark.LeftEye];
    /// <summary>The left eye outer.</summary>
    public T LeftEyeOuter => _items[(int)PoseLandmark.LeftEyeOuter];
    /// <summary>The right eye inner.</summary>
    public T RightEyeInner => _items[(int)PoseLandmark.RightEyeInner];
    /// <summary>The right eye.</summary>
    public T RightEye => _items[(int)PoseLandmark.RightEye];
    /// <summary>The right eye outer.</summary>
    public T RightEyeOuter => _items[(int)PoseLandmark.RightEyeOuter];
    /// <summary>The left ear.</summary>
    public T LeftEar => _items[(int)PoseLandmark.LeftEar];
    /// <summary>The right ear.</summary>
    public T RightEar => _items[(int)PoseLandmark.RightEar];
    /// <summary>The mouth left.</summary>
    public T MouthLeft => _items[(int)PoseLandmark.MouthLeft];
    /// <summary>The mouth right.</summary>
    public T MouthRight => _items[(int)PoseLandmark.MouthRight];
    /// <summary>The left shoulder.</summary>
    public T LeftShoulder => _items[(int)PoseLandmark.LeftShoulder];
    /// <summary>The right shoulder.</summary>
    public T RightShoulder => _items[(int)PoseLandmark.RightShoulder];
    /// <summary>The left elbow.</summary>
    public T LeftElbow => _items[(int)PoseLandmark.LeftElbow];
    /// <summary>The right elbow.</summary>
    public T RightElbow => _items[(int)PoseLandmark.RightElbow];
    /// <summary>The left wrist.</summary>
    public T LeftWrist => _items[(int)PoseLandmark.LeftWrist];
    /// <summary>The right wrist.</summary>
    public T RightWrist => _items[(int)PoseLandmark.RightWrist];
    /// <summary>The left pinky.</summary>
    public T LeftPinky => _items[(int)PoseLandmark.LeftPinky];
    /// <summary>The right pinky.</summary>
    public T RightPinky => _items[(int)PoseLandmark.RightPinky];
    /// <summary>The left index.</summary>
    public T LeftIndex => _items[(int)PoseLandmark.LeftIndex];
    /// <summary>The right index.</summary>
    public T RightIndex => _items[(int)PoseLandmark.RightIndex];
    /// <summary>The left thumb.</summary>
    public T LeftThumb => _items[(int)PoseLandmark.LeftThumb];
    /// <summary>The right thumb.</summary>
    public T RightThumb => _items[(int)PoseLandmark.RightThumb];
    /// <summary>The left hip.</summary>
    public T LeftHip => _items[(int)PoseLandmark.LeftHip];
    /// <summary>The right hip.</summary>
    public T RightHip => _items[(int)PoseLandmark.RightHip];
    /// <summary>The left knee.</summary>
    public T LeftKnee => _items[(int)PoseLandmark.LeftKnee];
    /// <summary>The right knee.</summary>
    public T RightKnee => _items[(int)PoseLandmark.RightKnee];
    /// <summary>The left ankle.</summary>
    public T LeftAnkle => _items[(int)PoseLandmark.LeftAnkle];
    /// <summary>The right ankle.</summary>
    public T RightAnkle => _items[(int)PoseLandmark.RightAnkle];
    /// <summary>The left heel.</summary>
    public T LeftHeel => _items[(int)PoseLandmark.LeftHeel];
    /// <summary>The right heel.</summary>
    public T RightHeel => _items[(int)PoseLandmark.RightHeel];
    /// <summary>The left foot index.</summary>
    public T LeftFootIndex => _items[(int)PoseLandmark.LeftFootIndex];
    /// <summary>The right foot index.</summary>
    public T RightFootIndex => _items[(int)PoseLandmark.RightFootIndex];
}
