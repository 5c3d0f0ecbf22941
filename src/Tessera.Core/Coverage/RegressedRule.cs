namespace Tessera.Core.Coverage;

/// <summary>A rule whose state worsened in a change, and the cause read from its new state.</summary>
public sealed record RegressedRule(Guid RuleId, string Title, RuleState Before, RuleState? After, RegressionCause Cause);
