using System.Runtime.CompilerServices;
using Tessera.Core.Text;

namespace Tessera.Core.Alerts.Ingest;

/// <summary>
/// Reads JSON-lines alerts from a stream, one <see cref="AlertParseResult"/> per non-blank line. A bad line
/// yields an error result naming its line and the reader continues with the rest.
/// </summary>
public static class AlertBatchReader
{
    /// <summary>
    /// Streams results; blank lines are skipped (not errors). A line that is not UTF-8 is an error naming it, never decoded
    /// to U+FFFD (<see cref="Utf8Lines"/>).
    /// </summary>
    public static async IAsyncEnumerable<AlertParseResult> ReadAsync(Stream stream, string? file = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var (number, line) in Utf8Lines.ReadAsync(stream, ct).ConfigureAwait(false))
        {
            if (line is null)
            {
                yield return new AlertParseResult { Error = new AlertParseError(Utf8Lines.NotUtf8, number, null, file), Line = number };
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return AlertParser.Parse(line, number, file);
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
