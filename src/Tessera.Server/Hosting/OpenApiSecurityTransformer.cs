using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tessera.Server.Security;

namespace Tessera.Server.Hosting;

/// <summary>
/// Says in the OpenAPI document how to call each operation: the API-key scheme (<c>Authorization: Bearer tsk_…</c>)
/// once in the components, and on every operation that requires a permission, that permission in its description, the
/// security requirement and the 401/403 answers. Read from the endpoint's own authorization metadata, so the document
/// cannot drift from what <see cref="SecuritySetup.Require{TBuilder}"/> enforces.
/// </summary>
internal sealed class OpenApiSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "tsk_…",
            Description = "An API key created by an administrator (POST /api/v1/api-keys), sent as `Authorization: Bearer tsk_…` " +
                          "or `X-Api-Key: tsk_…`. Browser sessions use the sign-in cookie instead.",
        };

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        var permissions = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>()
            .Where(p => p.StartsWith(SecuritySetup.PolicyPrefix, StringComparison.Ordinal))
            .Select(p => p[SecuritySetup.PolicyPrefix.Length..]).Distinct().ToList();
        if (permissions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var needs = $"Requires permission {string.Join(" and ", permissions)}.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : operation.Description + "\n\n" + needs;
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key or session." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The caller's role lacks {string.Join(" or ", permissions)}." });
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
