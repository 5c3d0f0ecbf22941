namespace Tessera.Core.Threats;

/// <summary>A problem with imported threat profile input, located by source name, line and field where known.</summary>
public sealed record ThreatProfileIssue(string Message, string Source, int? Line = null, string? Field = null)
{
    public override string ToString() => $"{Source}{(Line is { } l ? $":{l}" : "")}{(Field is null ? "" : $" [{Field}]")}: {Message}";
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
