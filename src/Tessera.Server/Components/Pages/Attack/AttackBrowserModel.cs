using Tessera.Core.Attack;

namespace Tessera.Server.Components.Pages.Attack;

/// <summary>State of the ATT&amp;CK browser: the chosen collection, its matrix, and the current search.</summary>
public sealed class AttackBrowserModel
{
    private HashSet<string> _matches = new(StringComparer.Ordinal);

    public AttackCollection? Collection { get; private set; }

    public MatrixLayout? Layout { get; private set; }

    public string Query { get; set; } = "";

    public IReadOnlyList<Technique> Hits { get; private set; } = [];

    /// <summary>Parents of matching sub-techniques, so a match is visible without expanding by hand.</summary>
    public IReadOnlyCollection<string> ExpandedBySearch { get; private set; } = [];

    public string Summary => Collection is null
        ? ""
        : $"{Layout?.Columns.Count ?? 0} tactics · {Collection.Techniques.Count(t => t.IsActive && !t.IsSubtechnique)} techniques · " +
          $"{Collection.Techniques.Count(t => t.IsActive && t.IsSubtechnique)} sub-techniques" +
          (Hits.Count > 0 ? $" · {Hits.Count} matches" : "");

    public void Select(AttackCollection? collection)
    {
        if (ReferenceEquals(collection, Collection))
        {
            return;
        }

        Collection = collection;
        Layout = collection?.Matrix();
        Search();
    }

    public void Search()
    {
        if (Collection is null || Query.Trim().Length < 2)
        {
            Hits = [];
            _matches = new(StringComparer.Ordinal);
            ExpandedBySearch = [];
            return;
        }

        Hits = Collection.SearchTechniques(Query.Trim(), limit: 25).Select(h => h.Object).OfType<Technique>().ToList();
        _matches = Hits.Select(t => t.AttackId).ToHashSet(StringComparer.Ordinal);
        ExpandedBySearch = Hits.Where(t => t.IsSubtechnique).Select(t => t.AttackId[..5]).Distinct().ToList();
    }

    public string? CellClass(Technique technique) => _matches.Contains(technique.AttackId) ? "match" : null;
}
