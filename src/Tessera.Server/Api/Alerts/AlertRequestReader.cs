using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Text;
using Tessera.Server.Alerts;

namespace Tessera.Server.Api.Alerts;

/// <summary>
/// Reads alerts from a request body: a JSON array of alert objects, one JSON object, or JSON lines. Each bad element
/// becomes an error naming its line (array position for arrays, 1-based) and the rest are still read. A body that is
/// one JSON value over several lines (an array, or an object whose first line does not close it and whose next line
/// does not start another object) and is not valid JSON is refused whole, naming the line and column of the problem, and so is
/// a body that is not UTF-8 (naming the first line that is not). Each alert is held to <see cref="AlertParser.MaxAlertChars"/>.
/// </summary>
public static class AlertRequestReader
{
    public sealed record Body(IReadOnlyList<AlertInput> Alerts, IReadOnlyList<AlertParseError> Errors, string? Fatal);

    private static readonly JsonDocumentOptions ArrayOptions = new() { MaxDepth = 66 };

    public static async Task<Body> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // The body is bounded by TesseraWebApp.MaxRequestBodyBytes (Kestrel rejects more), so buffering it is bounded too.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return Read(buffer);
    }

    public static Body Read(MemoryStream buffer)
    {
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var start = 0;
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            start = Encoding.UTF8.Preamble.Length;
        }

        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == bytes.Length)
        {
            return new Body([], [], "the request body is empty: send one alert object, a JSON array of alerts, or JSON lines");
        }

        // All or nothing, whatever the shape: a line decoded to U+FFFD would be stored with its text quietly changed.
        // A UTF-16 body (its byte order mark) is still read as JSON lines, as before.
        if (bytes is not ([0xFF, 0xFE, ..] or [0xFE, 0xFF, ..]) && Utf8Lines.FirstInvalidLine(bytes) is { } badLine)
        {
            return new Body([], [], $"line {badLine} is {Utf8Lines.NotUtf8}: send UTF-8; nothing was read");
        }

        if (bytes[start] == (byte)'[')
        {
            return ReadArray(buffer, start);
        }

        if (bytes[start] != (byte)'{')
        {
            return ReadLines(buffer);
        }

        var single = TryReadObject(buffer, start, out var error);
        if (single is not null)
        {
            return single;
        }

        return IsOneObjectOverLines(bytes[start..])
            ? new Body([], [], $"the body is one JSON object over several lines but is not valid JSON: {Where(error!, bytes[..start])}")
            : ReadLines(buffer);
    }

    // One (possibly pretty-printed) object; JSON lines with several objects fail this parse and are read line by line.
    private static Body? TryReadObject(MemoryStream buffer, int start, out JsonException? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(start, (int)buffer.Length - start), ArrayOptions);
            var alerts = new List<AlertInput>();
            var errors = new List<AlertParseError>();
            Add(AlertParser.Parse(doc.RootElement, 1), doc.RootElement.GetRawText(), alerts, errors);
            return new Body(alerts, errors, null);
        }
        catch (JsonException ex)
        {
            error = ex;
            return null;
        }
    }

    // A pretty-printed object: its first line is a valid start that does not close it ("{" or "{\"title\": \"x\","), and
    // the next non-blank line continues it rather than starting another object. JSON lines start every line with '{',
    // so a broken first line there is still one bad line among good ones.
    private static bool IsOneObjectOverLines(ReadOnlySpan<byte> body)
    {
        var end = body.IndexOf((byte)'\n');
        if (end < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(body[..end], isFinalBlock: false, default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                {
                    return false; // the first line holds a whole object: JSON lines
                }
            }
        }
        catch (JsonException)
        {
            return false; // the first line is broken by itself: report it as a bad line
        }

        var rest = body[(end + 1)..].TrimStart(" \t\r\n"u8);
        return rest.Length > 0 && rest[0] != (byte)'{';
    }

    // The parse started after a byte order mark and blank space; count those back in so line and column are the body's own.
    private static string Where(JsonException ex, ReadOnlySpan<byte> skipped)
    {
        var line = ex.LineNumber ?? 0;
        var column = ex.BytePositionInLine ?? 0;
        if (line == 0)
        {
            column += skipped.Length - (skipped.LastIndexOf((byte)'\n') + 1);
        }

        return $"line {line + 1 + skipped.Count((byte)'\n')}, column {column + 1}: {JsonText.Reason(ex)}";
    }

    private static Body ReadArray(MemoryStream buffer, int start)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(start, (int)buffer.Length - start), ArrayOptions);
        }
        catch (JsonException ex)
        {
            return new Body([], [], $"the body starts with '[' but is not a valid JSON array: {Where(ex, buffer.GetBuffer().AsSpan(0, start))}");
        }

        using (doc)
        {
            if (doc.RootElement.GetArrayLength() > AlertTriageService.MaxBatch)
            {
                return new Body([], [], $"{doc.RootElement.GetArrayLength():N0} alerts in one request; the limit is {AlertTriageService.MaxBatch:N0}");
            }

            var alerts = new List<AlertInput>();
            var errors = new List<AlertParseError>();
            var position = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                position++;
                Add(AlertParser.Parse(element, position), element.GetRawText(), alerts, errors);
            }

            return new Body(alerts, errors, null);
        }
    }

    private static Body ReadLines(MemoryStream buffer)
    {
        var alerts = new List<AlertInput>();
        var errors = new List<AlertParseError>();
        using var reader = new StreamReader(buffer, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (alerts.Count + errors.Count >= AlertTriageService.MaxBatch)
            {
                return new Body([], [], $"more than {AlertTriageService.MaxBatch:N0} alerts in one request");
            }

            Add(AlertParser.Parse(line, number), line, alerts, errors);
        }

        return new Body(alerts, errors, null);
    }

    private static void Add(AlertParseResult result, string raw, List<AlertInput> alerts, List<AlertParseError> errors)
    {
        if (result.Alert is not null)
        {
            alerts.Add(new AlertInput(result.Line, result.Alert, raw, result.Notices));
        }
        else if (result.Error is not null)
        {
            errors.Add(result.Error);
        }
    }
}
