using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// The ATT&amp;CK sources users may pick: collections an admin activated that this instance also loaded.
/// Implemented by the host (it owns the loaded collections).
/// </summary>
public interface IAttackSourceCatalog
{
    /// <summary>The collection for <paramref name="key"/>, or an error saying it is unknown, deactivated or not loaded.</summary>
    Task<SourceResolution> ResolveAsync(string key, CancellationToken ct);

    /// <summary>The newest active and loaded collection of a domain (used for evidence that names no source), or null.</summary>
    Task<AttackCollection?> DefaultAsync(AttackDomain domain, CancellationToken ct);
}

/// <summary>A resolved source, or the reason it cannot be used (<see cref="ErrorCode"/>: unknown-source, inactive-source, source-not-loaded).</summary>
public sealed record SourceResolution(AttackCollection? Collection, string? ErrorCode, string? Error)
{
    public static SourceResolution Found(AttackCollection collection) => new(collection, null, null);
    public static SourceResolution Failed(string code, string message) => new(null, code, message);
}
