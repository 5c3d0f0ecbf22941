using Tessera.Core.Detection;

namespace Tessera.Core.Threats;

/// <summary>A problem with imported threat profile input: where (source name and line) and, when known, which field.</summary>
public sealed record ThreatProfileIssue(string Message, SourceLocation At, string? Field = null)
{
    public override string ToString() => $"{At}: {(Field is null ? "" : Field + ": ")}{Message}";
}

/// <summary>Outcome of a custom profile import; all or nothing: <see cref="Profiles"/> is empty when there are issues.</summary>
public sealed record ThreatProfileImport
{
    public required IReadOnlyList<ThreatProfile> Profiles { get; init; }

    public required IReadOnlyList<ThreatProfileIssue> Issues { get; init; }

    /// <summary>Entries deliberately left out (disabled DeTT&amp;CT groups, layer entries disabled or scored 0).</summary>
    public int Skipped { get; init; }

    public bool Succeeded => Issues.Count == 0;
}
