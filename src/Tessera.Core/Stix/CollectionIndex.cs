using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>The published ATT&amp;CK collection index: every domain collection and its released versions.</summary>
public sealed record CollectionIndex
{
    public required string Name { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public required IReadOnlyList<IndexedCollection> Collections { get; init; }

    /// <summary>The entry for a domain and release, or null when the index does not list it.</summary>
    public IndexedCollectionVersion? Find(AttackDomain domain, string version) =>
        Collections.Where(c => c.Domain == domain).SelectMany(c => c.Versions).FirstOrDefault(v => v.Version == version);

    /// <summary>
    /// The entries of <paramref name="versions"/> (exact release numbers, e.g. <c>18.1</c>) in the collections of
    /// <paramref name="domain"/> (every collection when null), and when the index lacks a requested release, a problem
    /// naming it and the releases the index has there: the caller refuses the request rather than load another release.
    /// </summary>
    public IndexSelection Select(AttackDomain? domain, IReadOnlyList<string> versions)
    {
        var collections = Collections.Where(c => domain is null || c.Domain == domain).ToList();
        var picks = collections.SelectMany(c => c.Versions.Where(v => versions.Contains(v.Version))).ToList();
        var scope = domain is null ? "" : " for " + domain.Value.ToStixName();
        var has = collections.Count == 0
            ? $"it has no collection{scope}"
            : "it has " + string.Join("; ", collections.Select(c => $"{c.Name}: {string.Join(", ", c.Versions.Select(v => v.Version))}"));
        var missing = versions.Where(v => picks.All(p => p.Version != v)).Distinct().ToList();
        return new IndexSelection(picks, missing.Count == 0 ? null : $"the index lists no release {string.Join(", ", missing)}{scope}; {has}");
    }
}

/// <summary>What <see cref="CollectionIndex.Select"/> found: the listed releases, or the problem naming the requested ones the index lacks.</summary>
public sealed record IndexSelection(IReadOnlyList<IndexedCollectionVersion> Picks, string? Problem);

/// <summary>One collection of the index (e.g. Enterprise ATT&amp;CK) with its versions, newest first as published.</summary>
public sealed record IndexedCollection
{
    public required string StixId { get; init; }
    public required string Name { get; init; }
    /// <summary>Domain inferred from the version URLs (<c>…/enterprise-attack-18.1.json</c>); null when they do not say.</summary>
    public AttackDomain? Domain { get; init; }
    public DateTimeOffset? Created { get; init; }
    public required IReadOnlyList<IndexedCollectionVersion> Versions { get; init; }
}

/// <summary>
/// One release of a collection and where it is published. The URL is data, not an instruction:
/// nothing downloads it unless a user or configuration chooses to (see <see cref="AttackSourceLoader"/>).
/// </summary>
public sealed record IndexedCollectionVersion(string Version, Uri Url, DateTimeOffset? Modified);

/// <summary>Outcome of reading a collection index: the index, or errors and no index.</summary>
public sealed record CollectionIndexResult(CollectionIndex? Index, IReadOnlyList<StixError> Errors)
{
    public bool Succeeded => Index is not null;
}
