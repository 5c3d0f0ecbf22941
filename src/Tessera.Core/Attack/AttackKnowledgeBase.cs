using System.Collections.Immutable;

namespace Tessera.Core.Attack;

/// <summary>
/// Several loaded ATT&amp;CK collections side by side (e.g. Enterprise 17.1 and 18.1, Mobile, ICS), keyed by
/// <see cref="CollectionInfo.Key"/> (<c>enterprise-attack@18.1</c>). Thread-safe: readers see a consistent
/// snapshot while another thread adds or replaces a collection.
/// </summary>
public sealed class AttackKnowledgeBase
{
    private ImmutableDictionary<string, AttackCollection> _collections = ImmutableDictionary.Create<string, AttackCollection>(StringComparer.OrdinalIgnoreCase);

    public AttackKnowledgeBase()
    {
    }

    public AttackKnowledgeBase(IEnumerable<AttackCollection> collections)
    {
        foreach (var collection in collections)
        {
            Add(collection);
        }
    }

    /// <summary>All collections, by domain then newest release first.</summary>
    public IReadOnlyList<AttackCollection> Collections =>
        _collections.Values.OrderBy(c => c.Info.Domain).ThenByDescending(c => c.Info.Version, AttackVersionComparer.Instance).ToList();

    /// <summary>Adds a collection, replacing one with the same key; returns the replaced one, if any.</summary>
    public AttackCollection? Add(AttackCollection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        AttackCollection? replaced = null;
        ImmutableInterlocked.Update(ref _collections, map =>
        {
            replaced = map.GetValueOrDefault(collection.Info.Key);
            return map.SetItem(collection.Info.Key, collection);
        });
        return replaced;
    }

    /// <summary>Removes the collection with this key; false when there was none.</summary>
    public bool Remove(string key) => ImmutableInterlocked.TryRemove(ref _collections, key, out _);

    /// <summary>The collection with this key (<c>enterprise-attack@18.1</c>), or null.</summary>
    public AttackCollection? Find(string key) => _collections.GetValueOrDefault(key);

    /// <summary>The collection of this domain and release, or null.</summary>
    public AttackCollection? Find(AttackDomain domain, string version) => Find($"{domain.ToStixName()}@{version}");

    /// <summary>The newest loaded release of a domain (by numeric version), or null when none is loaded.</summary>
    public AttackCollection? Latest(AttackDomain domain) =>
        _collections.Values.Where(c => c.Info.Domain == domain).MaxBy(c => c.Info.Version, AttackVersionComparer.Instance);

    /// <summary>Loaded releases of a domain, newest first.</summary>
    public IReadOnlyList<string> Versions(AttackDomain domain) =>
        _collections.Values.Where(c => c.Info.Domain == domain).Select(c => c.Info.Version)
            .OrderDescending(AttackVersionComparer.Instance).ToList();
}
