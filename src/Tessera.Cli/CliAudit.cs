using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Audit;
using Tessera.Server.Api;

namespace Tessera.Cli;

/// <summary>
/// Audits every database write the command line makes, through the server's <see cref="AuditWriter"/> and with the
/// server's action names and payloads, so the audit trail reads the same whichever way a change arrived. Commands call
/// it only after the write succeeded; a rejected (all-or-nothing) import writes nothing and, as on the server, is not audited.
/// </summary>
public static class CliAudit
{
    /// <summary>The actor id of every CLI entry (<c>tessera audit list --actor cli</c>).</summary>
    public const string ActorId = "cli";

    /// <summary>
    /// A system actor: the CLI has no Tessera sign-in, so the OS account that ran it is the best "who" there is; it is in
    /// the display name because the id must stay stable for filtering.
    /// </summary>
    public static AuditActor Actor { get; } = new(AuditActorKind.System, ActorId, $"tessera cli ({Environment.UserName})");

    /// <summary>Appends one entry by <see cref="Actor"/>; <paramref name="before"/> and <paramref name="after"/> are serialized as the server does.</summary>
    public static Task<AuditEntry> WriteAsync(IServiceProvider services, string action, string entityType, string? entityId,
        object? before, object? after, CancellationToken ct) =>
        Writer(services).WriteAsync(Actor, action, entityType, entityId, before, after, ct);

    /// <summary>The server's writer over this database's log, for audits the server writes through a shared helper (with <see cref="Actor"/>).</summary>
    public static AuditWriter Writer(IServiceProvider services) => new(services.GetRequiredService<IAuditLog>());
}
