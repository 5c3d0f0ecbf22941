using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Validation;

/// <summary>Stores validation runs and applies them to rules. Implemented in Infrastructure.</summary>
public interface IValidationStore
{
    /// <summary>
    /// Saves <paramref name="runs"/> and, in the same transaction, applies <see cref="ValidationApplier"/> to the rules
    /// they touch (tagged with the run's technique or its parent, or named as fired), adding a history row per change.
    /// Returns the changes made.
    /// </summary>
    Task<IReadOnlyList<RuleValidationChange>> RecordAsync(IReadOnlyList<ValidationRun> runs, CancellationToken ct);

    /// <summary>
    /// The entries of <paramref name="firedRules"/> that name no registered rule (by registry id or external id, as
    /// <see cref="RecordAsync"/> matches them), in the order given. Such a run is still recorded (the rule may be
    /// registered later); the caller warns about these.
    /// </summary>
    Task<IReadOnlyList<string>> UnknownRulesAsync(IReadOnlyList<string> firedRules, CancellationToken ct);

    /// <summary>Runs newest first, optionally only those of one technique (exact ID) or naming one fired rule.</summary>
    Task<IReadOnlyList<ValidationRun>> ListAsync(TechniqueId? technique, string? firedRule, int take, CancellationToken ct);

    /// <summary>Every run as the coverage engine needs it (no evidence text).</summary>
    Task<IReadOnlyList<ValidationRun>> ListForCoverageAsync(CancellationToken ct);
}
