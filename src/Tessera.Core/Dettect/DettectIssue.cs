namespace Tessera.Core.Dettect;

/// <summary>
/// A problem in a DeTT&amp;CT YAML file: the file, the 1-based line and column where the offending node starts,
/// and the field path (e.g. <c>techniques[3].detection[0].score_logbook[0].score</c>).
/// </summary>
public sealed record DettectIssue(string File, int? Line, int? Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {(Field.Length == 0 ? "" : Field + ": ")}{Message}";
}
