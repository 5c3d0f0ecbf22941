namespace Tessera.Server.Api.Overview;

/// <summary>The loaded ATT&amp;CK collections and the sources that failed to load.</summary>
public sealed record AttackOverview(IReadOnlyList<CollectionBrief> Collections, IReadOnlyList<string> LoadErrors);

/// <summary>One loaded collection with its active technique and group counts.</summary>
public sealed record CollectionBrief(string Key, string Name, string Version, int Techniques, int Groups);
