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

    /// <summary>
    /// As <see cref="WriteAsync(ClaimsPrincipal, string, string, string?, object?, object?, CancellationToken)"/> for a
    /// setting written whole, but only when it changed: a <c>PUT</c> that sends back what was stored leaves no entry,
    /// so the trail lists changes, not saves. Returns whether an entry was written.
    /// </summary>
    public async Task<bool> WriteChangeAsync(ClaimsPrincipal who, string action, string entityType, string? entityId,
        object before, object after, CancellationToken ct)
    {
        var beforeJson = JsonSerializer.Serialize(before, Json);
        var afterJson = JsonSerializer.Serialize(after, Json);
        if (beforeJson == afterJson)
        {
            return false;
        }

        await AppendAsync(Security.TesseraClaims.Actor(who), action, entityType, entityId, beforeJson, afterJson, ct);
        return true;
    }

    public Task<AuditEntry> WriteAsync(AuditActor actor, string action, string entityType, string? entityId,
        object? before, object? after, CancellationToken ct) =>
        AppendAsync(actor, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json), ct);

    private Task<AuditEntry> AppendAsync(AuditActor actor, string action, string entityType, string? entityId,
        string? beforeJson, string? afterJson, CancellationToken ct) =>
        log.AppendAsync(new AuditEvent
        {
            Actor = actor, Action = action, EntityType = entityType, EntityId = entityId, BeforeJson = beforeJson, AfterJson = afterJson,
        }, ct);
}
