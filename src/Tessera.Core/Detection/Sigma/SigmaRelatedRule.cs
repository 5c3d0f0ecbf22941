namespace Tessera.Core.Detection.Sigma;

/// <summary>A <c>related</c> entry: another rule's ID and how it relates.</summary>
public sealed record SigmaRelatedRule(Guid Id, SigmaRelationType Type);
