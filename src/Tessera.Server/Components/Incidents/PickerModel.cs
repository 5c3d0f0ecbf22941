using Tessera.Core.Attack;
using Tessera.Core.Incidents;

namespace Tessera.Server.Components.Incidents;

/// <summary>The association picker's state: source, then tactics, then techniques within those tactics.</summary>
public sealed class PickerModel
{
    private readonly Dictionary<string, HashSet<string>> _picked = new(StringComparer.Ordinal);

    public AttackCollection? Source { get; private set; }
    public string Filter { get; set; } = "";

    /// <summary>The source's matrix columns (shared ATT&amp;CK layout), computed once per chosen source.</summary>
    public IReadOnlyList<MatrixColumn> Columns { get; private set; } = [];

    public IReadOnlyCollection<string> Tactics => _picked.Keys;

    public void ChooseSource(AttackCollection? source)
    {
        Source = source;
        Columns = source?.Matrix()?.Columns ?? [];
        _picked.Clear();
    }

    public bool HasTactic(string tactic) => _picked.ContainsKey(tactic);

    public void ToggleTactic(string tactic)
    {
        if (!_picked.Remove(tactic))
        {
            _picked[tactic] = [];
        }
    }

    public bool Has(string tactic, string techniqueId) => _picked.TryGetValue(tactic, out var set) && set.Contains(techniqueId);

    public void Toggle(string tactic, string techniqueId)
    {
        var set = _picked[tactic];
        if (!set.Remove(techniqueId))
        {
            set.Add(techniqueId);
        }
    }

    /// <summary>Techniques and sub-techniques of a chosen tactic matching the filter (ID or name).</summary>
    public IEnumerable<Technique> Candidates(MatrixColumn column) =>
        column.Techniques.SelectMany(e => e.Subtechniques.Prepend(e.Technique))
            .Where(t => Filter.Length == 0 || t.AttackId.Contains(Filter, StringComparison.OrdinalIgnoreCase)
                || t.Name.Contains(Filter, StringComparison.OrdinalIgnoreCase));

    public bool CanSave => Source is not null && _picked.Count > 0;

    public AssociationRequest ToRequest() =>
        new(Source!.Info.Key, _picked.Select(p => new TacticSelection(p.Key, p.Value.Order(StringComparer.Ordinal).ToList())).ToList());

    public void Clear() => _picked.Clear();
}
