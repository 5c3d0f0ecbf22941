namespace Tessera.Core.Detection.Sigma;

/// <summary>Turns parsed Sigma rules into <see cref="DetectionRule"/>s.</summary>
public static class SigmaRuleMapper
{
    /// <summary>
    /// Maps <paramref name="rule"/>; the query text is the rule's source YAML (<see cref="SigmaDocument.SourceText"/>).
    /// Rules without an id get <c>sigma:&lt;file&gt;#&lt;document&gt;</c> as a stable external id.
    /// Deprecated and unsupported rules map as disabled; others as enabled and untested.
    /// </summary>
    public static DetectionRule ToDetectionRule(SigmaRule rule, string? owner = null)
    {
        var disabled = rule.Status is SigmaStatus.Deprecated or SigmaStatus.Unsupported;
        return new DetectionRule
        {
            Source = DetectionRuleSource.Sigma,
            ExternalId = rule.Id?.ToString() ?? $"sigma:{rule.File}#{rule.DocumentIndex}",
            Title = rule.Title,
            QueryText = rule.SourceText,
            Techniques = rule.Tags.Techniques,
            Tactics = rule.Tags.Tactics.Select(t => t.ShortName).ToList(),
            DataRequirements = [SigmaLogSourceMap.Map(rule.LogSource)],
            Level = rule.Level == SigmaLevel.Unspecified ? null : rule.Level.ToString().ToLowerInvariant(),
            Owner = owner ?? rule.Author,
            Enabled = !disabled,
            Validation = disabled ? ValidationStatus.Disabled : ValidationStatus.Untested,
        };
    }
}
