namespace Tessera.Core.Coverage;

/// <summary>The change a regression detection is about: its id (shared by its regressions), trigger and actor.</summary>
public sealed record RegressionContext(Guid ChangeId, string Trigger, string? Actor);
