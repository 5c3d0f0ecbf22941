using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Validation;

/// <summary>Stores validation runs and applies them to rules. Implemented in Infrastructure.</summary>
public interface IValidationStore
{
    /// <summary>
    /// Saves <paramref name="runs"/> and, in the same transaction, applies <see cref="ValidationApplier"/> to the rules
    /// they touch (tagged with the run's technique or its parent, or named as fired), adding a history row per change.
    /// Returns the changes made, and the fired rules that name no registered rule (found by the same read that finds the
    /// rules to change, so one query serves both): such a run is still recorded (the rule may be registered later); the
    /// caller warns about these. A run whose result is stored already is skipped (not stored, applied to no rule) and
    /// counted in <see cref="ValidationRecording.Unchanged"/>, so importing the same results twice changes nothing.
    /// </summary>
    Task<ValidationRecording> RecordAsync(IReadOnlyList<ValidationRun> runs, CancellationToken ct);

    /// <summary>Runs newest first, optionally only those of one technique (exact ID) or naming one fired rule.</summary>
    Task<IReadOnlyList<ValidationRun>> ListAsync(TechniqueId? technique, string? firedRule, int take, CancellationToken ct);

    /// <summary>Every run as the coverage engine needs it (no evidence text).</summary>
    Task<IReadOnlyList<ValidationRun>> ListForCoverageAsync(CancellationToken ct);
}
