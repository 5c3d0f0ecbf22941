namespace Tessera.Core.Detection.Registry;

/// <summary>One page of registry rules (without query text) and the total matching the filters.</summary>
public sealed record RulePage(IReadOnlyList<RegisteredRule> Items, int Total);
