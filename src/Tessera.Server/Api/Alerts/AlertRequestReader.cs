using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tessera.Core.Alerts.Ingest;
using Tessera.Server.Alerts;

namespace Tessera.Server.Api.Alerts;

/// <summary>
/// Reads alerts from a request body: a JSON array of alert objects, one JSON object, or JSON lines. Each bad element
/// becomes an error naming its line (array position for arrays, 1-based) and the rest are still read.
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

        if (bytes[start] == (byte)'[')
        {
            return ReadArray(buffer, start);
        }

        return bytes[start] == (byte)'{' && TryReadObject(buffer, start) is { } single ? single : ReadLines(buffer);
    }

    // One (possibly pretty-printed) object; JSON lines with several objects fail this parse and are read line by line.
    private static Body? TryReadObject(MemoryStream buffer, int start)
    {
        try
        {
            using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(start, (int)buffer.Length - start), ArrayOptions);
            var alerts = new List<AlertInput>();
            var errors = new List<AlertParseError>();
            Add(AlertParser.Parse(doc.RootElement, 1), doc.RootElement.GetRawText(), alerts, errors);
            return new Body(alerts, errors, null);
        }
        catch (JsonException)
        {
            return null;
        }
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
            return new Body([], [], $"the body starts with '[' but is not a valid JSON array: {ex.Message.Split('.')[0]}");
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
