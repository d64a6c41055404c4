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

    public PoseLandmarks(IEnumerable<T> items)
    {
        _items = items.ToArray();
        if (_items.Length != PoseSkeleton.LandmarkCount)
            throw new ArgumentException($"a pose has {PoseSkeleton.LandmarkCount} landmarks, not {_items.Length}");
        for (int i = 0; i < _items.Length; i++)
            if ((int)_items[i].Name != i) throw new ArgumentException($"landmark {i} is {_items[i].Name}, expected {(PoseLandmark)i}");
    }

    public int Count => _items.Length;
    public T this[int index] => _items[index];
    public T this[PoseLandmark landmark] => _items[(int)landmark];

    /// <summary>By name, case-insensitive (e.g. "leftknee").</summary>
    public T this[string name] => Enum.TryParse<PoseLandmark>(name, ignoreCase: true, out var landmark)
        ? _items[(int)landmark]
        : throw new KeyNotFoundException($"'{name}' is not a pose landmark; use one of {string.Join(", ", Enum.GetNames<PoseLandmark>())}");

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public T Nose => _items[(int)PoseLandmark.Nose];
    public T LeftEyeInner => _items[(int)PoseLandmark.LeftEyeInner];
    public T LeftEye => _items[(int)PoseLandmark.LeftEye];
    public T LeftEyeOuter => _items[(int)PoseLandmark.LeftEyeOuter];
    public T RightEyeInner => _items[(int)PoseLandmark.RightEyeInner];
    public T RightEye => _items[(int)PoseLandmark.RightEye];
    public T RightEyeOuter => _items[(int)PoseLandmark.RightEyeOuter];
    public T LeftEar => _items[(int)PoseLandmark.LeftEar];
    public T RightEar => _items[(int)PoseLandmark.RightEar];
    public T MouthLeft => _items[(int)PoseLandmark.MouthLeft];
    public T MouthRight => _items[(int)PoseLandmark.MouthRight];
    public T LeftShoulder => _items[(int)PoseLandmark.LeftShoulder];
    public T RightShoulder => _items[(int)PoseLandmark.RightShoulder];
    public T LeftElbow => _items[(int)PoseLandmark.LeftElbow];
    public T RightElbow => _items[(int)PoseLandmark.RightElbow];
    public T LeftWrist => _items[(int)PoseLandmark.LeftWrist];
    public T RightWrist => _items[(int)PoseLandmark.RightWrist];
    public T LeftPinky => _items[(int)PoseLandmark.LeftPinky];
    public T RightPinky => _items[(int)PoseLandmark.RightPinky];
    public T LeftIndex => _items[(int)PoseLandmark.LeftIndex];
    public T RightIndex => _items[(int)PoseLandmark.RightIndex];
    public T LeftThumb => _items[(int)PoseLandmark.LeftThumb];
    public T RightThumb => _items[(int)PoseLandmark.RightThumb];
    public T LeftHip => _items[(int)PoseLandmark.LeftHip];
    public T RightHip => _items[(int)PoseLandmark.RightHip];
    public T LeftKnee => _items[(int)PoseLandmark.LeftKnee];
    public T RightKnee => _items[(int)PoseLandmark.RightKnee];
    public T LeftAnkle => _items[(int)PoseLandmark.LeftAnkle];
    public T RightAnkle => _items[(int)PoseLandmark.RightAnkle];
    public T LeftHeel => _items[(int)PoseLandmark.LeftHeel];
    public T RightHeel => _items[(int)PoseLandmark.RightHeel];
    public T LeftFootIndex => _items[(int)PoseLandmark.LeftFootIndex];
    public T RightFootIndex => _items[(int)PoseLandmark.RightFootIndex];
}
