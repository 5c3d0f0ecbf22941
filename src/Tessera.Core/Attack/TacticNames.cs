namespace Tessera.Core.Attack;

/// <summary>
/// The tactics a person may name where Tessera stores a tactic by hand (a runbook's target, a hand-entered rule's tactics):
/// the tactics of the loaded releases, by short name (<c>credential-access</c>, any case) or ID (<c>TA0006</c>), stored as
/// the short name; and the v19 split of Defense Evasion (<see cref="Newer"/>), kept the way v19 technique IDs are. Any
/// other name (<c>TA9999</c>, a typo) is refused, naming the field and the value. With no release loaded the Enterprise 18
/// short names stand in for them (IDs cannot be resolved then), as the Sigma importer does.
/// </summary>
public sealed class TacticNames
{
    /// <summary>Tactic short names of ATT&amp;CK Enterprise 18.x.</summary>
    public static readonly IReadOnlySet<string> Enterprise18 = new HashSet<string>(StringComparer.Ordinal)
    {
        "reconnaissance", "resource-development", "initial-access", "execution", "persistence",
        "privilege-escalation", "defense-evasion", "credential-access", "discovery", "lateral-movement",
        "collection", "command-and-control", "exfiltration", "impact",
    };

    /// <summary>
    /// Tactics that current SigmaHQ and Atomic Red Team content uses but Enterprise 18.1 lacks (the v19 split of
    /// Defense Evasion). Kept and flagged as newer rather than unknown.
    /// </summary>
    public static readonly IReadOnlySet<string> Newer = new HashSet<string>(StringComparer.Ordinal)
    {
        "stealth", "defense-impairment",
    };

    private readonly IReadOnlyList<AttackCollection> _collections;
    private readonly HashSet<string> _shortNames;
    private readonly IReadOnlySet<string> _newer;

    private TacticNames(IReadOnlyList<AttackCollection> collections, IReadOnlySet<string> newer)
    {
        _collections = collections;
        _newer = newer;
        _shortNames = collections.Count == 0
            ? [.. Enterprise18]
            : collections.SelectMany(c => c.Tactics).Select(t => t.ShortName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names of <paramref name="collections"/> (the loaded releases, every domain), and <see cref="Newer"/>: what may be stored.</summary>
    public static TacticNames Of(IEnumerable<AttackCollection> collections) => new([.. collections], Newer);

    /// <summary>
    /// The tactics of <paramref name="collection"/> alone, without <see cref="Newer"/>: for filtering a matrix of that
    /// collection, where a tactic it lacks (v19's <c>stealth</c> on 18.1) can only ever select nothing.
    /// </summary>
    public static TacticNames In(AttackCollection collection) => new([collection], new HashSet<string>());

    /// <summary>The short name <paramref name="text"/> names (a short name in any case, or a tactic ID a loaded release has), or null.</summary>
    public string? Resolve(string? text)
    {
        var name = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (_shortNames.Contains(name) || _newer.Contains(name))
        {
            return name;
        }

        return _collections.Select(c => c.FindTactic(name)?.ShortName).FirstOrDefault(s => s is not null);
    }

    /// <summary>Every short name <see cref="Resolve"/> accepts (the releases' tactics, and <see cref="Newer"/> unless made <see cref="In"/> one collection), in ordinal order, for messages that list them.</summary>
    public IReadOnlyList<string> All => [.. _shortNames.Concat(_newer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Why <paramref name="text"/> is refused: it names no tactic of the loaded releases (the caller names the field).</summary>
    public string Unknown(string? text) =>
        $"'{Text.Echo.Clip(text ?? "", 64)}' is not a tactic of {Releases}{NewerNote}; name one by short name (credential-access) or ID (TA0006)";

    // The list that follows such a message holds v19's names too; without this it contradicted "not a tactic of 18.1".
    private string NewerNote => _newer.Count == 0 ? "" : $" nor of ATT&CK v19 ({string.Join(", ", _newer.Order(StringComparer.Ordinal))})";

    private string Releases => _collections.Count == 0
        ? "ATT&CK Enterprise 18 (no release is loaded)"
        : "the loaded ATT&CK releases (" + string.Join(", ", _collections.Select(c => c.Info.Key)) + ")";
}
