using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Storage;
using Tessera.Core.Text;

namespace Tessera.Server.Api;

/// <summary>
/// The one place that turns expected failures into RFC 9457 problem details. Every error answer has a
/// <c>title</c>, a <c>detail</c> naming what was wrong, and for input errors an <c>errors</c> map by field.
/// </summary>
public static class Problems
{
    /// <summary>Longest run of non-space characters a detail quotes whole: a detail echoes what was sent, whatever its length.</summary>
    public const int MaxEchoedWord = 200;

    public static ProblemHttpResult Status(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: Echo.ClipWords(detail, MaxEchoedWord), statusCode: status, title: title, extensions: extensions);

    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Status(StatusCodes.Status400BadRequest, "Invalid request", detail, extensions);

    /// <summary>400 with a field → messages map, like ValidationProblem but always with a detail.</summary>
    public static ProblemHttpResult Invalid(string detail, IReadOnlyDictionary<string, string[]> errors) =>
        BadRequest(detail, new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>
    /// 400 for a Core message that starts with its field ("reason: …", "note: …"): that field in the errors map with the
    /// rest of the message; a message without a colon is the detail alone.
    /// </summary>
    public static ProblemHttpResult InvalidField(string message)
    {
        var colon = message.IndexOf(':');
        return colon < 0 ? BadRequest(message) : Invalid(message, new Dictionary<string, string[]> { [message[..colon]] = [message[(colon + 1)..].Trim()] });
    }

    /// <summary>
    /// An edit of something versioned sent without the version it read. Without this check the missing version would
    /// read as 0 and be answered 409 "changed since you read it", which sends the client looking for an edit that never was.
    /// </summary>
    public static ProblemHttpResult VersionRequired() =>
        Invalid("version is required: send the version you read, so a concurrent edit is not overwritten.",
            new Dictionary<string, string[]> { ["version"] = ["required"] });

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail, object? current = null) =>
        Status(StatusCodes.Status409Conflict, "Conflict", detail,
            current is null ? null : new Dictionary<string, object?> { ["current"] = current });

    public static ProblemHttpResult TooLarge(string detail) => Status(StatusCodes.Status413PayloadTooLarge, "Too large", detail);

    /// <summary>
    /// Gives the problems the framework writes by itself (no credentials, a missing permission, an unknown path, a body
    /// over the size limit …) the detail every error answer carries: what was wrong and what to do. Endpoint problems
    /// keep their own detail.
    /// </summary>
    public static void FillDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var detail = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "Sign in, or send an API key as 'Authorization: Bearer tsk_…'; a mistyped or revoked key is refused.",
            StatusCodes.Status403Forbidden => Permission(context.HttpContext) is { } permission
                ? $"Your role lacks the {permission} permission this operation requires."
                : "Your role lacks the permission this operation requires.",
            StatusCodes.Status404NotFound => $"No API operation or page at {request.Path}; /openapi/v1.json lists the operations.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}; /openapi/v1.json lists the methods each path takes.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {Hosting.TesseraWebApp.MaxRequestBodyBytes >> 20} MB, the most this server reads.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
            _ => null,
        };
        problem.Detail = detail is null ? null : Echo.ClipWords(detail, MaxEchoedWord);
    }

    private static string? Permission(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p?.StartsWith(Security.SecuritySetup.PolicyPrefix, StringComparison.Ordinal) == true)
            ?[Security.SecuritySetup.PolicyPrefix.Length..];

    /// <summary>Maps a storage outcome that is not <see cref="SaveStatus.Saved"/> to its HTTP status.</summary>
    public static ProblemHttpResult From<T>(SaveResult<T> result) where T : class => result.Status switch
    {
        SaveStatus.NotFound => NotFound(result.Message ?? "Not found."),
        SaveStatus.Conflict => Conflict(result.Message ?? "The item changed since you read it."),
        SaveStatus.Duplicate => Conflict(result.Message ?? "It exists already."),
        SaveStatus.Invalid => result.Field is { } field
            ? Invalid(result.Message ?? "Invalid input.", new Dictionary<string, string[]> { [field] = [result.Message ?? "invalid"] })
            : BadRequest(result.Message ?? "Invalid input."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "Saved results are not problems"),
    };
}
