using System.Runtime.CompilerServices;
using System.Text.Json;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Alerts.Evaluation;

/// <summary>
/// Reads JSON lines of the form <c>{ ...any supported alert shape..., "gold": ["T1190"] }</c>. Lines with a
/// bad alert, a gold field that is missing, not an array of strings or empty, or a malformed technique ID become errors
/// naming the line and the field, and saying which shape was expected; the rest are kept.
/// A line is either read or rejected, never both: one malformed gold ID among good ones rejects the whole line, as
/// scoring it against the remaining IDs would measure a label other than the one written.
/// </summary>
public static class LabelledAlertReader
{
    /// <summary>One non-blank line read by <see cref="ReadAsync"/>: its 1-based <see cref="Number"/>, and the labelled alert or the reasons it was rejected.</summary>
    public readonly record struct Line(int Number, LabelledAlert? Alert, IReadOnlyList<AlertParseError> Errors);

    /// <summary>
    /// Streams the lines of <paramref name="stream"/> as <see cref="ReadLine"/> reads them; blank lines are skipped. A line
    /// that is not UTF-8 is rejected naming it (<see cref="Utf8Lines.NotUtf8"/>), never decoded to U+FFFD and read, as
    /// <see cref="AlertBatchReader"/> rejects one for <c>tessera map</c>.
    /// </summary>
    public static async IAsyncEnumerable<Line> ReadAsync(Stream stream, string? file = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var (number, text) in Utf8Lines.ReadAsync(stream, ct).ConfigureAwait(false))
        {
            if (text is null)
            {
                yield return new Line(number, null, [new AlertParseError(Utf8Lines.NotUtf8, number, null, file)]);
                continue;
            }

            var (alert, errors) = ReadLine(text, number, file);
            if (alert is not null || errors.Count > 0)
            {
                yield return new Line(number, alert, errors);
            }
        }
    }

    /// <summary>
    /// Reads one line (<paramref name="number"/> is 1-based, quoted in errors): the labelled alert, or null with the
    /// reasons (every malformed gold ID is named). A blank line gives neither.
    /// </summary>
    public static (LabelledAlert? Alert, IReadOnlyList<AlertParseError> Errors) ReadLine(string line, int number, string? file = null)
    {
        var errors = new List<AlertParseError>();
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, errors);
        }

        if (line.Length > AlertParser.MaxAlertChars)
        {
            errors.Add(new AlertParseError($"the line is {line.Length:N0} chars; the limit is {AlertParser.MaxAlertChars:N0} chars per alert", number, null, file));
            return (null, errors);
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var parsed = AlertParser.Parse(doc.RootElement, number, file);
            if (parsed.Alert is null)
            {
                errors.Add(parsed.Error!);
                return (null, errors);
            }

            // "gold": "T1190" was reported as "missing or empty", which sent people looking for a missing field.
            if (GoldShapeProblem(doc.RootElement) is { } shape)
            {
                errors.Add(new AlertParseError(shape, number, "gold", file));
                return (null, errors);
            }

            var ids = new List<string>();
            foreach (var g in doc.RootElement.GetProperty("gold").EnumerateArray())
            {
                if (g.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new AlertParseError($"\"gold\" holds {Kind(g)}; {Expected}", number, "gold", file));
                }
                else if (TechniqueId.TryParse(g.GetString(), out var id))
                {
                    ids.Add(id.Value);
                }
                else
                {
                    errors.Add(new AlertParseError($"'{g}' is not a technique ID", number, "gold", file));
                }
            }

            return (errors.Count == 0 ? new LabelledAlert(parsed.Alert, ids) : null, errors);
        }
        catch (JsonException ex)
        {
            errors.Add(new AlertParseError($"not valid JSON ({ex.Message.Split('.')[0]})", number, null, file));
        }
        catch (InvalidOperationException)
        {
            // A string that cannot be decoded (a lone surrogate escape).
            errors.Add(new AlertParseError($"\"gold\" holds a string that is not valid text; {Expected}", number, "gold", file));
        }

        return (null, errors);
    }

    private const string Expected = "expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"]";

    private static string? GoldShapeProblem(JsonElement line)
    {
        if (!line.TryGetProperty("gold", out var gold))
        {
            return $"no \"gold\" field; {Expected}";
        }

        return gold.ValueKind != JsonValueKind.Array ? $"\"gold\" is {Kind(gold)}, not an array; {Expected}"
            : gold.GetArrayLength() == 0 ? $"\"gold\" is an empty array; {Expected}, with at least one ID"
            : null;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
