using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Text;

namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// Reads Invoke-AtomicRedTeam execution logs and checks each test GUID against an <see cref="AtomicCatalog"/>.
/// CSV: the Default-ExecutionLogger's <c>Export-Csv</c> output (columns "Execution Time (UTC)",
/// "Execution Time (Local)", "Technique", "Test Number", "Test Name", "Hostname", "IP Address", "Username",
/// "GUID", "ProcessId", "ExitCode"). JSON: an array of objects with the same property names.
/// An execution time in the future (later than the clock's now plus <see cref="ValidationTime.ClockSkew"/>) is an
/// error on its line: a log is recorded whole or not at all.
/// </summary>
public sealed class AtomicExecutionLogReader(AtomicCatalog catalog, TimeProvider time)
{
    /// <summary>
    /// 32 MiB: a logged run is ~250 bytes, so this allows ~130,000 executions (70 full runs of all 1,819 tests)
    /// while bounding memory for an uploaded file.
    /// </summary>
    public const long MaxLogBytes = 32 << 20;

    private static readonly string[] RequiredColumns = ["Execution Time (UTC)", "Technique", "Test Number", "GUID"];

    /// <summary>Reads a log file, choosing JSON for <c>.json</c> and CSV otherwise.</summary>
    public async Task<AtomicExecutionLogResult> ReadFileAsync(string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var (text, error) = await CappedFile.ReadTextAsync(path, name, MaxLogBytes, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return new AtomicExecutionLogResult { File = name, Errors = [error] };
        }

        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(text!, name) : ReadCsv(text!, name);
    }

    /// <summary>Reads CSV text; never throws for bad content.</summary>
    public AtomicExecutionLogResult ReadCsv(string text, string file)
    {
        var errors = new List<DetectionIssue>();
        var records = CsvRecords.Read(text, file, RequiredColumns, errors).ToList();
        return Finish(file, records, errors);
    }

    /// <summary>
    /// Reads JSON text (one array of flat objects); never throws for bad content. Anything after the array but
    /// whitespace and comments (a second array, stray text) is an error naming its line, and nothing is recorded.
    /// </summary>
    public AtomicExecutionLogResult ReadJson(string text, string file)
    {
        var errors = new List<DetectionIssue>();
        var records = new List<(int Line, IReadOnlyDictionary<string, string> Fields)>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineCounter(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                errors.Add(new(DetectionIssueKind.MalformedRecord, "execution log JSON must be an array of objects", new SourceLocation(file, 1)));
                return Finish(file, records, errors);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = lines.LineAt(reader.TokenStartIndex);
                using var element = JsonDocument.ParseValue(ref reader);
                if (element.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new(DetectionIssueKind.MalformedRecord, "array entries must be objects", new SourceLocation(file, line)));
                    continue;
                }

                if (ReadFields(element.RootElement, new SourceLocation(file, line), errors) is not { } fields)
                {
                    continue;
                }

                var missing = RequiredColumns.Where(c => !fields.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    errors.Add(new(DetectionIssueKind.MissingField, $"record lacks {string.Join(", ", missing.Select(m => $"\"{m}\""))}", new SourceLocation(file, line)));
                    continue;
                }

                records.Add((line, fields));
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new(DetectionIssueKind.MalformedRecord, "invalid JSON", new SourceLocation(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1)));
            return Finish(file, records, errors);
        }

        // The reader stops at the array's end; a second array or stray text after it would otherwise be dropped unread.
        int? trailing;
        try
        {
            trailing = reader.Read() ? lines.LineAt(reader.TokenStartIndex) : null;
        }
        catch (JsonException ex)
        {
            trailing = (int)(ex.LineNumber ?? 0) + 1;
        }

        if (trailing is not null)
        {
            errors.Add(new(DetectionIssueKind.MalformedRecord, "content after the array of executions: a log holds one JSON array",
                new SourceLocation(file, trailing)));
        }

        return Finish(file, records, errors);
    }

    // Null (with an error) when a name or string value cannot be decoded, e.g. a lone "\ud800" escape.
    private static Dictionary<string, string>? ReadFields(JsonElement record, SourceLocation at, List<DetectionIssue> errors)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in record.EnumerateObject())
        {
            if (!JsonText.TryGetName(property, out var name, out var error))
            {
                errors.Add(new(DetectionIssueKind.InvalidValue, $"a property name is {error}", at));
                return null;
            }

            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => JsonText.TryGetString(property.Value, out var text, out error) ? text : null,
                JsonValueKind.Null => "",
                _ => property.Value.GetRawText(),
            };
            if (value is null)
            {
                errors.Add(new(DetectionIssueKind.InvalidValue, $"\"{name}\" is {error}", at));
                return null;
            }

            fields[name] = value;
        }

        return fields;
    }

    private AtomicExecutionLogResult Finish(string file, List<(int Line, IReadOnlyDictionary<string, string> Fields)> records, List<DetectionIssue> errors)
    {
        var warnings = new List<DetectionIssue>();
        var executions = new List<AtomicExecution>(records.Count);
        var now = time.GetUtcNow();
        foreach (var (line, fields) in records)
        {
            var at = new SourceLocation(file, line);
            var before = errors.Count;
            var technique = CsvRecords.Technique(Field(fields, "Technique"), "Technique", at, errors);
            var number = CsvRecords.Int(Field(fields, "Test Number"), "Test Number", at, errors, required: true);
            var guid = CsvRecords.Guid(Field(fields, "GUID"), "GUID", at, errors);
            var processId = CsvRecords.Int(Field(fields, "ProcessId"), "ProcessId", at, errors, required: false);
            var exitCode = CsvRecords.Int(Field(fields, "ExitCode"), "ExitCode", at, errors, required: false);
            var utcText = Field(fields, "Execution Time (UTC)");
            if (!DateTimeOffset.TryParse(utcText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
            {
                errors.Add(new(DetectionIssueKind.InvalidValue, $"Execution Time (UTC) '{utcText}' is not a timestamp", at));
            }
            else if (Text.EnteredDates.Problem("Execution Time (UTC)", utc) is { } range)
            {
                errors.Add(new(DetectionIssueKind.InvalidValue, range, at));
            }
            else if (ValidationTime.FutureProblem(utc, now) is { } future)
            {
                errors.Add(new(DetectionIssueKind.InvalidValue, $"Execution Time (UTC) {future}", at));
            }

            if (errors.Count > before)
            {
                continue;
            }

            var test = catalog.FindTest(guid);
            if (test is null)
            {
                warnings.Add(new(DetectionIssueKind.UnknownTestGuid, $"test GUID {guid} ({technique} #{number}) is not in the Atomic catalogue", at, IssueSeverity.Warning));
            }
            else if (test.Technique != technique)
            {
                warnings.Add(new(DetectionIssueKind.InvalidValue, $"test GUID {guid} belongs to {test.Technique}, but the log says {technique}", at, IssueSeverity.Warning));
            }

            executions.Add(new AtomicExecution
            {
                Line = line,
                ExecutedAtUtc = utc,
                ExecutedAtLocalText = NullIfEmpty(Field(fields, "Execution Time (Local)")),
                Technique = technique,
                TestNumber = number!.Value,
                TestName = Field(fields, "Test Name"),
                TestGuid = guid,
                Hostname = Field(fields, "Hostname"),
                IpAddress = NullIfEmpty(Field(fields, "IP Address")),
                Username = Field(fields, "Username"),
                ProcessId = processId,
                ExitCode = exitCode,
                IsKnownTest = test is not null,
            });
        }

        return errors.Count > 0
            ? new AtomicExecutionLogResult { File = file, Errors = errors.OrderBy(e => e.At.Line).ToList(), Warnings = warnings }
            : new AtomicExecutionLogResult { File = file, Executions = executions, Warnings = warnings };
    }

    private static string Field(IReadOnlyDictionary<string, string> fields, string name) => fields.GetValueOrDefault(name) ?? "";

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>Line numbers for increasing byte offsets, counting newlines once overall rather than once per record.</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;

        public int LineAt(long offset)
        {
            _line += bytes.AsSpan(_offset, (int)offset - _offset).Count((byte)'\n');
            _offset = (int)offset;
            return _line;
        }
    }
}
