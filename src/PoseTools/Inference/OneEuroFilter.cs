namespace PoseTools.Inference;

/// <summary>
/// Exponential smoothing (MediaPipe's LowPassFilter): the first value passes through, then
/// y = α·x + (1 − α)·y_prev. Remembers the last raw value for derivative estimates.
/// </summary>
public sealed class LowPassFilter(float alpha)
{
    private bool _initialized;
    private float _stored, _raw;

    public float Alpha { get; set; } = alpha;
    public bool HasLastRawValue => _initialized;
    public float LastRawValue => _raw;

    public float Apply(float value)
    {
        float result = _initialized ? Alpha * value + (1f - Alpha) * _stored : value;
        _initialized = true;
        _raw = value;
        _stored = result;
        return result;
    }

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

    public OneEuroFilter(double frequency, double minCutoff, double beta, double derivateCutoff)
    {
        _frequency = frequency;
        _minCutoff = minCutoff;
        _beta = beta;
        _derivateCutoff = derivateCutoff;
        _x = new LowPassFilter((float)Alpha(minCutoff));
        _dx = new LowPassFilter((float)Alpha(derivateCutoff));
    }

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
