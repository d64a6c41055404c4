namespace PoseTools.Models;

/// <summary>Base of the model store's errors; the message always says what to do next.</summary>
public class ModelStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A model is not in the cache (or was converted by an older converter).</summary>
public sealed class ModelNotInstalledException(string message) : ModelStoreException(message);

/// <summary>A cached model's bytes do not match the manifest's sha256: it is reported, never loaded.</summary>
public sealed class ModelCorruptException(string message) : ModelStoreException(message);

/// <summary>Installing failed: npm missing, integrity mismatch, unreadable package, conversion error.</summary>
public sealed class ModelInstallException(string message, Exception? inner = null) : ModelStoreException(message, inner);

/// <summary>The model folder cannot be created or written (permissions, a read-only file system).</summary>
public sealed class ModelFolderNotWritableException(string message, Exception inner) : ModelStoreException(message, inner);
