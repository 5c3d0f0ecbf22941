namespace Tessera.Core.Alerts.Ingest;

/// <summary>Why one input line could not become an <see cref="Alert"/>, and where (1-based line, optional field).</summary>
public sealed record AlertParseError(string Message, int Line, string? Field = null, string? File = null)
{
    public override string ToString() =>
        $"{(File is null ? "" : File + ":")}line {Line}{(Field is null ? "" : $" ({Field})")}: {Message}";
}

/// <summary>Either an alert or the error that stopped it. <see cref="Notices"/> carries non-fatal findings (truncation).</summary>
public sealed record AlertParseResult
{
    public Alert? Alert { get; init; }
    public AlertParseError? Error { get; init; }
    public IReadOnlyList<string> Notices { get; init; } = [];
    public int Line { get; init; }
    public bool Ok => Alert is not null;
}
