using Tessera.Core.Attack;
using Tessera.Core.Incidents;

namespace Tessera.Server.Components.Incidents;

/// <summary>
/// State of the ATT&amp;CK card, testable without rendering: which view, toggles, the navigator's source, and the
/// list view's filter and sort. Rows come from <see cref="IncidentCard.Rows"/>.
/// </summary>
public sealed class CardModel(IReadOnlyList<CardTechnique> rows, Func<string, AttackCollection?> collection)
{
    // The matrix asks for every cell of the source (~600 in Enterprise): a lookup keeps a render linear.
    private readonly Dictionary<(string, string, string), CardTechnique> _cells = rows.ToDictionary(r => (r.SourceKey, r.Tactic, r.TechniqueId));

    public IReadOnlyList<CardTechnique> Rows { get; } = rows;
    public bool ListView { get; set; }
    public bool ShowOrigin { get; set; }
    public bool ShowId { get; set; }
    public string Filter { get; set; } = "";
    public string SortBy { get; set; } = "technique";
    public bool Descending { get; set; }

    /// <summary>Sources the incident uses, in order.</summary>
    public IReadOnlyList<string> Sources => Rows.Select(r => r.SourceKey).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The navigator's source: the chosen one, else the first used.</summary>
    public string? SourceKey { get; set; }

    public string? ActiveSource => SourceKey is { } key && Sources.Contains(key) ? key : Sources.FirstOrDefault();

    public AttackCollection? Collection => ActiveSource is { } key ? collection(key) : null;

    public CardTechnique? Cell(string tactic, string techniqueId) => _cells.GetValueOrDefault((ActiveSource ?? "", tactic, techniqueId));

    public bool HasTactic(string tactic) => Rows.Any(r => r.SourceKey == ActiveSource && r.Tactic == tactic);

    public int CountIn(string tactic) => Rows.Count(r => r.SourceKey == ActiveSource && r.Tactic == tactic && !r.IsTacticOnly);

    /// <summary>Rolled-up techniques the source could not place in a tactic (unknown to that release).</summary>
    public IReadOnlyList<CardTechnique> Unplaced => Rows.Where(r => r.SourceKey == ActiveSource && r.Tactic.Length == 0).ToList();

    /// <summary>List view rows: filtered on any column (case-insensitive), then sorted by the chosen column.</summary>
    public IReadOnlyList<CardTechnique> ListRows
    {
        get
        {
            var filtered = Rows.Where(r => Filter.Length == 0 || Text(r).Contains(Filter, StringComparison.OrdinalIgnoreCase));
            Func<CardTechnique, string> key = SortBy switch
            {
                "source" => r => r.SourceKey,
                "tactic" => r => r.Tactic,
                "name" => r => r.Name ?? "",
                "origins" => r => string.Join(",", r.Origins),
                "first" => r => r.FirstAssociated.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                _ => r => r.TechniqueId,
            };
            var sorted = Descending ? filtered.OrderByDescending(key, StringComparer.Ordinal) : filtered.OrderBy(key, StringComparer.Ordinal);
            return sorted.ToList();
        }
    }

    public void Sort(string column)
    {
        Descending = SortBy == column && !Descending;
        SortBy = column;
    }

    private static string Text(CardTechnique r) => $"{r.SourceKey} {r.Tactic} {r.TechniqueId} {r.Name} {string.Join(" ", r.Origins)}";
}
