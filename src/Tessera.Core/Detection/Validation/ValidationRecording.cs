using System.Collections;

namespace Tessera.Core.Detection.Validation;

/// <summary>
/// What <see cref="IValidationStore.RecordAsync"/> did: the rule status changes (which this list enumerates, so a caller
/// that wants only the changes reads it as a list of them) and <see cref="UnknownFiredRules"/>: the distinct entries of
/// the runs' <c>firedRules</c> (trimmed, compared ignoring case, first spelling kept, in the order given) that name no
/// registered rule by registry id or external id.
/// </summary>
public sealed class ValidationRecording(IReadOnlyList<RuleValidationChange> changes, IReadOnlyList<string> unknownFiredRules)
    : IReadOnlyList<RuleValidationChange>
{
    public IReadOnlyList<RuleValidationChange> Changes { get; } = changes;

    public IReadOnlyList<string> UnknownFiredRules { get; } = unknownFiredRules;

    /// <summary>
    /// Runs not stored because the same result is stored already (same source, test, technique, host, outcome, fired rules
    /// and execution time) or repeated earlier in the same batch: importing a log again is a no-op. A result of the same
    /// test at another time is a new run.
    /// </summary>
    public int Unchanged { get; init; }

    /// <summary>
    /// The ids of the runs stored, in the order given; a run counted in <see cref="Unchanged"/> is not among them. What an
    /// audit entry lists, so it never names a run id that was never stored.
    /// </summary>
    public IReadOnlyList<Guid> StoredRunIds { get; init; } = [];

    public int Count => Changes.Count;

    public RuleValidationChange this[int index] => Changes[index];

    public IEnumerator<RuleValidationChange> GetEnumerator() => Changes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
