using Tessera.Core.Attack;

namespace Tessera.Core.Storage;

/// <summary>
/// An ATT&amp;CK collection an admin has registered as a source users may pick (when <see cref="IsActive"/>).
/// <see cref="ChangedBy"/>/<see cref="ChangedAt"/> record the last activation or deactivation; the audit log keeps
/// the full history.
/// </summary>
public sealed record AttackSource
{
    /// <summary>Collection key, e.g. <c>enterprise-attack@18.1</c> (see <see cref="CollectionInfo.Key"/>).</summary>
    public required string Key { get; init; }
    public required AttackDomain Domain { get; init; }
    public required string Version { get; init; }
    public required string Name { get; init; }
    public required bool IsActive { get; init; }
    public required string ChangedBy { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
