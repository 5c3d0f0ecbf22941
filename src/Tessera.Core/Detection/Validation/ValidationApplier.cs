using Tessera.Core.Detection.Registry;

namespace Tessera.Core.Detection.Validation;

/// <summary>
/// Decides how validation runs change rules (pure; storage applies the result in its transaction):
/// <list type="bullet">
/// <item><see cref="ValidationOutcome.Detected"/>: each fired rule becomes tested-passing. Other rules of the
/// technique are left alone: a test exercises one procedure, and a rule for another procedure not firing proves nothing.</item>
/// <item><see cref="ValidationOutcome.NotDetected"/>: every enabled rule tagged with the technique, or with its parent
/// (a parent tag claims every sub-technique), becomes tested-failing, unless the run lists it as fired.</item>
/// <item>Pending and execution failures change nothing.</item>
/// </list>
/// Disabled rules never change, and a run older than a rule's last test does not overwrite the newer result.
/// </summary>
public static class ValidationApplier
{
    /// <summary>Changes for <paramref name="runs"/> applied in time order over <paramref name="rules"/>; the last change per rule wins.</summary>
    public static IReadOnlyList<RuleValidationChange> Apply(IReadOnlyList<RegisteredRule> rules, IReadOnlyList<ValidationRun> runs)
    {
        var byKey = new Dictionary<string, RegisteredRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            byKey.TryAdd(rule.Id.ToString(), rule);
            byKey.TryAdd(rule.Rule.ExternalId, rule);
        }

        var state = rules.ToDictionary(r => r.Id, r => (r.Rule.Validation, r.Rule.LastTested));
        var changes = new Dictionary<Guid, RuleValidationChange>();
        foreach (var run in runs.OrderBy(r => r.ExecutedAt))
        {
            var fired = run.FiredRules.Select(k => byKey.GetValueOrDefault(k.Trim())).OfType<RegisteredRule>().Select(r => r.Id).ToHashSet();
            IEnumerable<(RegisteredRule Rule, ValidationStatus Status)> targets = run.Outcome switch
            {
                ValidationOutcome.Detected => rules.Where(r => fired.Contains(r.Id)).Select(r => (r, ValidationStatus.TestedPassing)),
                ValidationOutcome.NotDetected => rules
                    .Where(r => !fired.Contains(r.Id) && r.Rule.Techniques.Any(t => t == run.Technique || t == run.Technique.Parent && run.Technique.IsSubtechnique))
                    .Select(r => (r, ValidationStatus.TestedFailing)),
                _ => [],
            };

            foreach (var (rule, status) in targets)
            {
                var (_, lastTested) = state[rule.Id];
                if (!rule.Rule.Enabled || lastTested > run.ExecutedAt)
                {
                    continue;
                }

                state[rule.Id] = (status, run.ExecutedAt);
                changes[rule.Id] = new RuleValidationChange(rule.Id, status, run.ExecutedAt, Evidence(run, status), run.Id);
            }
        }

        return changes.Values.ToList();
    }

    private static string Evidence(ValidationRun run, ValidationStatus status)
    {
        var verdict = status == ValidationStatus.TestedPassing ? "fired" : "did not fire";
        var host = run.Host.Length > 0 ? $" on {run.Host}" : "";
        return $"{verdict} for {run.TestName} ({run.Technique}){host} at {run.ExecutedAt:u} [{run.Source} run {run.Id}]";
    }
}
