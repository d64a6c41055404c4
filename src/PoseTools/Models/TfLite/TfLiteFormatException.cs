namespace PoseTools.Models.TfLite;

/// <summary>The bytes are not a TFLite model PoseTools can read (truncated, not TFLite, corrupt).</summary>
public sealed class TfLiteFormatException(string message, Exception? inner = null) : Exception(message, inner);
