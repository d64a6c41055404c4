namespace PoseTools.Inference;

/// <summary>
/// Exponential smoothing (MediaPipe's LowPassFilter): the first value passes through, then
/// y = α·x + (1 − α)·y_prev. Remembers the last raw value for derivative estimates.
/// </summary>
public sealed class LowPassFilter(float alpha)
{
    private bool _initialized;
    private float _stored, _raw;

    /// <summary>The weight of a new value (0–1).</summary>
    public float Alpha { get; set; } = alpha;
    /// <summary>Whether a value has been filtered yet.</summary>
    public bool HasLastRawValue => _initialized;
    /// <summary>The last unfiltered value.</summary>
    public float LastRawValue => _raw;

    /// <summary>Filters the next value with <see cref="Alpha"/>.</summary>
    public float Apply(float value)
    {
        float result = _initialized ? Alpha * value + (1f - Alpha) * _stored : value;
        _initialized = true;
        _raw = value;
        _stored = result;
        return result;
    }

    /// <summary>Filters the next value with the given weight.</summary>
    public float Apply(float value, float alpha)
    {
        Alpha = alpha;
        return Apply(value);
    }
}

/// <summary>
/// The 1€ filter (Casiez et al. 2012) as MediaPipe implements it: a low-pass filter whose cutoff rises with the
/// (smoothed) speed, so still landmarks are steadied and fast ones follow with little lag. Speeds are measured in
/// units of <c>valueScale</c> (1 / object size), so the same parameters suit near and far people.
/// </summary>
public sealed class OneEuroFilter
{
    private readonly double _minCutoff, _beta, _derivateCutoff;
    private double _frequency;
    private long _lastTicks;
    private readonly LowPassFilter _x, _dx;

    /// <summary>A 1€ filter: nominal frequency (Hz), minimum cutoff, speed coefficient β, derivative cutoff.</summary>
    public OneEuroFilter(double frequency, double minCutoff, double beta, double derivateCutoff)
    {
        _frequency = frequency;
        _minCutoff = minCutoff;
        _beta = beta;
        _derivateCutoff = derivateCutoff;
        _x = new LowPassFilter((float)Alpha(minCutoff));
        _dx = new LowPassFilter((float)Alpha(derivateCutoff));
    }

    /// <summary>Filters the value at this time; <paramref name="valueScale"/> scales speeds (the object's size).</summary>
    public float Apply(TimeSpan timestamp, double valueScale, float value)
    {
        long ticks = timestamp.Ticks;
        if (_lastTicks >= ticks) return value; // time must advance (as in MediaPipe, a sample at time 0 is passed through unfiltered)
        if (_lastTicks != 0 && ticks != 0) _frequency = TimeSpan.TicksPerSecond / (double)(ticks - _lastTicks);
        _lastTicks = ticks;
        double derivative = _x.HasLastRawValue ? (value - _x.LastRawValue) * valueScale * _frequency : 0.0;
        double smoothedDerivative = _dx.Apply((float)derivative, (float)Alpha(_derivateCutoff));
        double cutoff = _minCutoff + _beta * Math.Abs(smoothedDerivative);
        return _x.Apply(value, (float)Alpha(cutoff));
    }

    private double Alpha(double cutoff)
    {
        double te = 1.0 / _frequency, tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / te);
    }
}
