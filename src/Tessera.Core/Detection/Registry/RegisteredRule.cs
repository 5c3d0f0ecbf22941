namespace Tessera.Core.Detection.Registry;

/// <summary>
/// A detection rule as stored in the registry: the format-neutral <see cref="DetectionRule"/> plus its registry
/// identity, where it was imported from, the evidence of its last validation and its concurrency version.
/// </summary>
public sealed record RegisteredRule
{
    public required Guid Id { get; init; }
    public required DetectionRule Rule { get; init; }

    /// <summary>File the rule was imported from (relative to the import root), null for rules entered by hand or API.</summary>
    public string? SourceFile { get; init; }

    /// <summary>What the last validation that changed the status showed (test, host, run id).</summary>
    public string? Evidence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; }

    /// <summary>The validation status that counts: <see cref="ValidationStatus.Disabled"/> for a disabled rule.</summary>
    public ValidationStatus EffectiveValidation => Rule.Enabled ? Rule.Validation : ValidationStatus.Disabled;
}
