using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tessera.Server.Hosting;

/// <summary>
/// Lists in the OpenAPI document the problem answers an operation can give besides its success, read from the endpoint
/// itself so the document follows the code: 400 where the caller sends anything (a body, a query or route value), 404
/// where the route names a resource, 409 where the body carries the version the caller read. Handlers answer these
/// through <see cref="Api.Problems"/> (RFC 9457, always with a detail), which their declared result types cannot show.
/// </summary>
internal sealed class OpenApiProblemResponses : IOpenApiOperationTransformer
{
    private static readonly string[] VersionNames = ["Version", "ExpectedVersion"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var parameters = description.ParameterDescriptions;
        operation.Responses ??= new OpenApiResponses();
        if (parameters.Count > 0)
        {
            operation.Responses.TryAdd("400", Problem("The request is invalid: the problem's detail names the field, parameter or line, and why."));
        }

        if (parameters.Any(p => p.Source == BindingSource.Path))
        {
            operation.Responses.TryAdd("404", Problem("Nothing exists at this address (the detail names what is missing)."));
        }

        if (parameters.Any(p => p.Source == BindingSource.Body && CarriesVersion(p.Type)))
        {
            operation.Responses.TryAdd("409", Problem("Someone else changed it since you read it: the version sent is stale; read it again and retry."));
        }

        return Task.CompletedTask;
    }

    private static bool CarriesVersion(Type? type) =>
        type?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => VersionNames.Contains(p.Name, StringComparer.Ordinal)) == true;

    private static OpenApiResponse Problem(string text) => new()
    {
        Description = text,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
    };
}
