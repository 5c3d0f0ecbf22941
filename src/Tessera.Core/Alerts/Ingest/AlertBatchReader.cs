using System.Runtime.CompilerServices;
using System.Text;

namespace Tessera.Core.Alerts.Ingest;

/// <summary>
/// Reads JSON-lines alerts from a stream, one <see cref="AlertParseResult"/> per non-blank line. A bad line
/// yields an error result naming its line and the reader continues with the rest.
/// </summary>
public static class AlertBatchReader
{
    /// <summary>Streams results; blank lines are skipped (not errors). Invalid UTF-8 becomes U+FFFD and then a JSON or shape error.</summary>
    public static async IAsyncEnumerable<AlertParseResult> ReadAsync(Stream stream, string? file = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return AlertParser.Parse(line, lineNumber, file);
        }
    }

    /// <summary>Reads everything and returns the accepted alerts plus every error, so nothing is silently lost.</summary>
    public static async Task<AlertBatch> ReadAllAsync(Stream stream, string? file = null, CancellationToken ct = default)
    {
        var alerts = new List<Alert>();
        var errors = new List<AlertParseError>();
        var notices = new List<string>();
        await foreach (var result in ReadAsync(stream, file, ct).ConfigureAwait(false))
        {
            if (result.Alert is not null)
            {
                alerts.Add(result.Alert);
                notices.AddRange(result.Notices.Select(n => $"line {result.Line}: {n}"));
            }
            else if (result.Error is not null)
            {
                errors.Add(result.Error);
            }
        }

        return new AlertBatch { Alerts = alerts, Errors = errors, Notices = notices };
    }
}

/// <summary>Outcome of reading a batch: accepted alerts, rejected lines with reasons, and notices (truncations).</summary>
public sealed record AlertBatch
{
    public required IReadOnlyList<Alert> Alerts { get; init; }
    public required IReadOnlyList<AlertParseError> Errors { get; init; }
    public IReadOnlyList<string> Notices { get; init; } = [];
}
