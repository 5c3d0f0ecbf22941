using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Audit;

namespace Tessera.Server.Api;

/// <summary>
/// Appends audit entries for writes made through the API or UI, with before/after snapshots as JSON. The command line
/// writes through the same class (with its own actor), so both serialize snapshots alike.
/// </summary>
public sealed class AuditWriter(IAuditLog log)
{
    // Enums by name, as the API writes them ("role": "Admin", not 3): a snapshot must read the same years later.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<AuditEntry> WriteAsync(ClaimsPrincipal who, string action, string entityType, string? entityId,
        object? before, object? after, CancellationToken ct) =>
        WriteAsync(Security.TesseraClaims.Actor(who), action, entityType, entityId, before, after, ct);

    public Task<AuditEntry> WriteAsync(AuditActor actor, string action, string entityType, string? entityId,
        object? before, object? after, CancellationToken ct) =>
        log.AppendAsync(new AuditEvent
        {
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
        }, ct);
}
