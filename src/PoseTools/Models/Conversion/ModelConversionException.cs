namespace PoseTools.Models.Conversion;

/// <summary>
/// The TFLite model uses something the converter does not translate (an operator, an option, a tensor type).
/// The message names the model, the operator and the tensor, so a wrong graph is never produced silently.
/// </summary>
public sealed class ModelConversionException(string message) : Exception(message);
