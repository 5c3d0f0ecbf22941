namespace Tessera.Core.Alerts.Triage;

/// <summary>A page of stored alerts, newest first, optionally filtered by state, source and title text (case-insensitive).</summary>
public sealed record AlertRecordQuery
{
    public const int MaxTake = 200;

    public TriageState? State { get; init; }
    public string? Source { get; init; }
    public string? Text { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>The alerts of one page and how many match the filter in total.</summary>
public sealed record AlertRecordPage(IReadOnlyList<AlertRecord> Items, int Total);
