using Tessera.Core.Attack;

namespace Tessera.Core.Coverage;

/// <summary>
/// Which techniques a coverage figure is computed over: <c>all</c> (every active technique and sub-technique of
/// the collection), <c>priority</c> (see <see cref="PriorityTechniques"/>), <c>tactic:&lt;short-name or ID&gt;</c> or
/// <c>platform:&lt;name&gt;</c>.
/// </summary>
public sealed record CoverageScope(string Kind, string? Value)
{
    public static CoverageScope All { get; } = new("all", null);
    public static CoverageScope Priority { get; } = new("priority", null);

    /// <summary>Parses a scope; false with a message for anything else.</summary>
    public static bool TryParse(string? text, out CoverageScope scope, out string? error)
    {
        scope = All;
        error = null;
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || t.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (t.Equals("priority", StringComparison.OrdinalIgnoreCase))
        {
            scope = Priority;
            return true;
        }

        var colon = t.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? t[..colon].ToLowerInvariant() : "";
        if (kind is "tactic" or "platform" && t.Length > colon + 1)
        {
            scope = new CoverageScope(kind, t[(colon + 1)..]);
            return true;
        }

        error = $"unknown scope '{t}': use all, priority, tactic:<short-name or ID> or platform:<name>";
        return false;
    }

    /// <summary>
    /// The scope with a tactic named by ID (<c>tactic:TA0006</c>) or in another case resolved to the short name
    /// <paramref name="attack"/> uses, as every tactic filter accepts; anything else unchanged (an unknown tactic is left
    /// for <see cref="CheckAgainst"/> to name).
    /// </summary>
    public CoverageScope ResolvedFor(AttackCollection attack) =>
        Kind == "tactic" && attack.FindTactic(Value!) is { } tactic ? this with { Value = tactic.ShortName } : this;

    /// <summary>
    /// Null when the scope names a tactic (short name) and platform <paramref name="attack"/> has, or is all/priority;
    /// otherwise a message naming the unknown value and the valid ones. A typo would otherwise count nothing: 0/0,
    /// which reads like a coverage failure.
    /// </summary>
    public string? CheckAgainst(AttackCollection attack)
    {
        var valid = Kind switch
        {
            "tactic" => attack.Tactics.Select(t => t.ShortName),
            "platform" => attack.Techniques.SelectMany(t => t.Platforms),
            _ => null,
        };
        if (valid is null)
        {
            return null;
        }

        var names = valid.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return names.Contains(Value!, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"unknown {Kind} '{Value}' in scope {this}: ATT&CK {attack.Info.Version} has {string.Join(", ", names)}";
    }

    public bool Contains(TechniqueCoverage technique) => Kind switch
    {
        "priority" => technique.IsPriority,
        "tactic" => technique.Tactics.Contains(Value!, StringComparer.OrdinalIgnoreCase),
        "platform" => technique.Platforms.Contains(Value!, StringComparer.OrdinalIgnoreCase),
        _ => true,
    };

    public override string ToString() => Value is null ? Kind : $"{Kind}:{Value}";
}
