using Tessera.Core.Attack;

namespace Tessera.Core.Storage;

/// <summary>Which ATT&amp;CK collections admins allow users to choose as a source.</summary>
public interface ISourceActivationStore
{
    /// <summary>Registers the collection if new and marks it active; returns the stored source.</summary>
    Task<AttackSource> ActivateAsync(CollectionInfo collection, string changedBy, CancellationToken ct);

    /// <summary>Marks a registered collection inactive; false when the key is unknown.</summary>
    Task<bool> DeactivateAsync(string key, string changedBy, CancellationToken ct);

    /// <summary>The source with this key, or null.</summary>
    Task<AttackSource?> FindAsync(string key, CancellationToken ct);

    /// <summary>Registered sources ordered by key; only active ones when <paramref name="activeOnly"/>.</summary>
    Task<IReadOnlyList<AttackSource>> ListAsync(bool activeOnly, CancellationToken ct);
}
