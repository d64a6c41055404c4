using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PoseTools.Web;

/// <summary>A request the API refuses: its HTTP status, a stable code and a message for people.</summary>
public sealed class ApiError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    /// <summary>Sent as Retry-After (busy server).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Writes {"error": {"status", "code", "message"}}.</summary>
    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonSerializer.Serialize(new { error = new { status = Status, code = Code, message = Message } }));
    }
}
