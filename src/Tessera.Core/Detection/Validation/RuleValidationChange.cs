namespace Tessera.Core.Detection.Validation;

/// <summary>A rule's new validation status because of a run: status, when tested, and the evidence text.</summary>
public sealed record RuleValidationChange(Guid RuleId, ValidationStatus Status, DateTimeOffset TestedAt, string Evidence, Guid RunId);
