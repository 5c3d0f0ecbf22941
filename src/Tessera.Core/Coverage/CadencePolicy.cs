namespace Tessera.Core.Coverage;

/// <summary>
/// How often rules must be re-validated. A rule's cadence is the shortest that applies: the default, the
/// priority cadence when it covers a priority technique, and its owner's override. A passing validation older
/// than the cadence is stale: the technique falls back to "rule exists" and the rule joins its owner's queue.
/// </summary>
public sealed record CadencePolicy
{
    public TimeSpan Default { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Quarterly for priority techniques.</summary>
    public TimeSpan Priority { get; init; } = TimeSpan.FromDays(90);
    public IReadOnlyDictionary<string, TimeSpan> ByOwner { get; init; } = new Dictionary<string, TimeSpan>();

    public static CadencePolicy Standard { get; } = new();

    /// <summary>The cadence for a rule of <paramref name="owner"/> that covers a priority technique or not.</summary>
    public TimeSpan For(string? owner, bool priority)
    {
        var cadence = priority && Priority < Default ? Priority : Default;
        return owner is not null && ByOwner.TryGetValue(owner, out var own) && own < cadence ? own : cadence;
    }
}
