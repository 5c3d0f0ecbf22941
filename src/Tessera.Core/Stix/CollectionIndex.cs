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
}

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
