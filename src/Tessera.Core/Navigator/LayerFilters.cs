namespace Tessera.Core.Navigator;

/// <summary>The <c>filters</c> object.</summary>
public sealed record LayerFilters
{
    /// <summary>
    /// Platforms to show. Null (absent) means every platform of the domain; an empty list means none,
    /// so the two are kept apart.
    /// </summary>
    public IReadOnlyList<string>? Platforms { get; init; }
}
