using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Models;

namespace PoseTools.Web;

/// <summary>One accepted upload: the image's bytes (sniffed, never trusted by name), its content hash, and the options asked for.</summary>
public sealed record Upload(byte[] Bytes, ImageFormat Format, string Hash, ModelComplexity Complexity, int MaxPoses)
{
    /// <summary>The cache key: the same image with the same options is the same result.</summary>
    public string Key => $"{Hash}/{(int)Complexity}/{MaxPoses}";
}

/// <summary>One accepted video upload: its bytes (sniffed), the container's extension, its hash, and the options asked for.</summary>
public sealed record VideoUpload(byte[] Bytes, string Container, string Hash, ModelComplexity Complexity, int MaxPoses, Exercise? Exercise)
{
    /// <summary>The cache key: the same video with the same options is the same analysis.</summary>
    public string Key => $"{Hash}/{(int)Complexity}/{MaxPoses}/{Exercise}";
}

/// <summary>
/// Reads an upload from a request, safely: the declared size is checked before the body is read, the form's limits
/// are ASP.NET Core's (named in the refusal when a body breaks one), the content is sniffed from its bytes, and every
/// refusal is an <see cref="ApiError"/> with a message of ours — never an exception's text.
/// </summary>
internal sealed class UploadReader(PoseWebOptions options)
{
    /// <summary>The image file of a multipart form (field "image", else the first file) and the options.</summary>
    public async Task<Upload> ReadAsync(HttpContext context)
    {
        var (form, bytes) = await ReadFileAsync(context, "image");
        var format = ImageHeader.SniffFormat(bytes);
        if (format == ImageFormat.Unknown)
            throw new ApiError(415, "not-an-image", $"The upload is not a {ImageFormats.ReadableNames} image (judged by its content, not its name).");
        return new Upload(bytes, format, Hash(bytes), Complexity(Field(form, context.Request, "modelComplexity") ?? Field(form, context.Request, "complexity")),
            MaxPoses(Field(form, context.Request, "maxPoses")));
    }

    /// <summary>The video file of a multipart form (field "video", else the first file), the options and the exercise, if named.</summary>
    public async Task<VideoUpload> ReadVideoAsync(HttpContext context)
    {
        var (form, bytes) = await ReadFileAsync(context, "video");
        string container = VideoReader.SniffContainer(bytes.AsSpan(0, Math.Min(12, bytes.Length)))
            ?? throw new ApiError(415, "not-a-video", "The upload is not an MP4, MOV, AVI, MKV or WebM video (judged by its content, not its name).");
        return new VideoUpload(bytes, container, Hash(bytes), Complexity(Field(form, context.Request, "modelComplexity") ?? Field(form, context.Request, "complexity")),
            MaxPoses(Field(form, context.Request, "maxPoses")), Exercise(Field(form, context.Request, "exercise")));
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The form and the bytes of its file <paramref name="field"/> (else its first file), within the limits.</summary>
    private async Task<(IFormCollection Form, byte[] Bytes)> ReadFileAsync(HttpContext context, string field)
    {
        var request = context.Request;
        // Refuse by the declared length before reading anything.
        if (request.ContentLength > options.MaxUploadBytes + 64 * 1024) throw TooLarge();
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ApiError(415, "multipart-expected", $"Send the {field} as multipart/form-data, in a field named '{field}'.");
        IFormCollection form;
        try { form = await request.ReadFormAsync(context.RequestAborted); }
        catch (InvalidDataException e) { throw FormLimit(e.Message); }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A body that ends early or breaks the multipart syntax ("Unexpected end of Stream"): the client's fault.
            throw new ApiError(400, "bad-form", $"The multipart body is malformed or incomplete: send the {field} as multipart/form-data in a field named '{field}'.");
        }
        var file = form.Files.GetFile(field) ?? form.Files.FirstOrDefault()
                   ?? throw new ApiError(400, $"no-{field}", $"The form has no file: send the {field} in a field named '{field}'.");
        if (file.Length > options.MaxUploadBytes) throw TooLarge();
        if (file.Length == 0) throw new ApiError(400, $"empty-{field}", "The uploaded file is empty.");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, context.RequestAborted);
        return (form, bytes);
    }

    private static string? Field(IFormCollection form, HttpRequest request, string name) =>
        form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : request.Query.TryGetValue(name, out var q) && q.Count > 0 ? q[0] : null;

    private ModelComplexity Complexity(string? value) =>
        string.IsNullOrWhiteSpace(value) ? options.ModelComplexity
        : ModelComplexityNames.TryParse(value, out var complexity) ? complexity
        : throw new ApiError(400, "bad-model-complexity", "modelComplexity is lite, full or heavy (or 0, 1, 2).");

    private static Exercise? Exercise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var names = Enum.GetNames<Exercise>().Where(n => n != nameof(Analysis.Exercise.Unknown)).ToList();
        string? name = names.FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null ? Enum.Parse<Exercise>(name)
            : throw new ApiError(400, "bad-exercise", $"exercise is one of {string.Join(", ", names)}, or left out to recognise it.");
    }

    private int MaxPoses(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return 1;
        if (!int.TryParse(value, out int n) || n < 1 || n > options.MaxPosesLimit)
            throw new ApiError(400, "bad-max-poses", $"maxPoses is a whole number from 1 to {options.MaxPosesLimit}.");
        return n;
    }

    /// <summary>The form limit that a body broke, named as such (ASP.NET Core says which only in its message).</summary>
    private ApiError FormLimit(string message)
    {
        bool Has(string words) => message.Contains(words, StringComparison.OrdinalIgnoreCase);
        var limits = options.FormLimits;
        if (Has("value count")) return new ApiError(400, "too-many-fields", $"The form has more than {limits.ValueCountLimit} fields; send the image and at most a few options.");
        if (Has("headers count")) return new ApiError(400, "too-many-part-headers", $"A part of the form has more than {limits.MultipartHeadersCountLimit} headers.");
        if (Has("headers length") || Has("line length")) return new ApiError(400, "part-headers-too-long", $"The headers of a part of the form are longer than {limits.MultipartHeadersLengthLimit} bytes.");
        if (Has("key length")) return new ApiError(400, "field-name-too-long", $"A field name of the form is longer than {limits.KeyLengthLimit} bytes.");
        if (Has("value length")) return new ApiError(400, "field-too-long", $"A field of the form is longer than {limits.ValueLengthLimit} bytes.");
        if (Has("body length") || Has("limit")) return TooLarge();
        return new ApiError(400, "bad-form", "The multipart body is malformed: send the image as multipart/form-data in a field named 'image'.");
    }

    public ApiError TooLarge() => new(413, "upload-too-large", $"The upload is larger than {options.MaxUploadMegabytes} MB.");
}
