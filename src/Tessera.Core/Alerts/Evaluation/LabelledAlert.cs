namespace Tessera.Core.Alerts.Evaluation;

/// <summary>An alert with its gold technique IDs (from a <c>"gold": [...]</c> member or Sigma tags).</summary>
public sealed record LabelledAlert(Alert Alert, IReadOnlyList<string> Gold);
