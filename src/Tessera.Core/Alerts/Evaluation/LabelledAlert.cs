using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Alerts.Evaluation;

/// <summary>An alert with its gold technique IDs (from a <c>"gold": [...]</c> member or Sigma tags).</summary>
public sealed record LabelledAlert(Alert Alert, IReadOnlyList<string> Gold)
{
    /// <summary>A training document's short text (a Sigma title, an Atomic test name) as a title-only alert, its labels as gold.</summary>
    public static LabelledAlert FromTitle(TrainingDocument document) => new(Alert.FromTitle(document.Display), document.Labels);
}
