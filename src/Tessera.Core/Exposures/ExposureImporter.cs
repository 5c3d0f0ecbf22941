using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Tessera.Core.Detection;
using Tessera.Core.Text;

namespace Tessera.Core.Exposures;

/// <summary>
/// Imports vulnerabilities and misconfigurations from CSV (header row) or JSON (an array of objects, or an
/// object with an <c>exposures</c> array). Fields, matched case-insensitively ignoring spaces, <c>_</c> and
/// <c>-</c>: <c>id</c>, <c>asset</c> (or host), <c>severity</c> (critical/high/medium/low or a CVSS score; or cvss),
/// <c>title</c> (or name) are required; <c>cve</c>, <c>detected</c> (ISO 8601), <c>techniques</c> (IDs separated by
/// <c>;</c>) and <c>kind</c> (vulnerability/misconfiguration; default: vulnerability when a CVE is given) are
/// optional; other fields are listed in <see cref="ExposureImportResult.IgnoredFields"/>. Every error of the file
/// is collected with line and field, and a file with any error imports nothing. Never throws for bad input.
/// </summary>
public static class ExposureImporter
{
    /// <summary>
    /// A scanner export of 100,000 findings at ~250 bytes each is 25 MB; 32 MB bounds what an upload can make us
    /// hold (the JSON reader needs the whole document to report lines).
    /// </summary>
    public const int MaxFileBytes = 32 << 20;

    /// <summary>Findings per import; larger estates import per scan or per asset group.</summary>
    public const int MaxRows = 100_000;

    // Exposure objects are flat (a techniques array at most); 8 levels rejects hostile nesting early.
    private const int MaxJsonDepth = 8;

    /// <summary>Imports a .csv or .json file (chosen by extension). Throws only for I/O failures.</summary>
    public static async Task<ExposureImportResult> ReadFileAsync(string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var json = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);
        if (!json && !Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return Failed(name, "unsupported file type: expected .csv or .json");
        }

        if (new FileInfo(path).Length > MaxFileBytes)
        {
            return TooLarge(name);
        }

        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        return json ? ReadJson(bytes, name) : ReadCsv(bytes, name);
    }

    /// <summary>Imports CSV bytes (UTF-8, optional byte order mark). <paramref name="fileName"/> labels errors.</summary>
    public static ExposureImportResult ReadCsv(ReadOnlyMemory<byte> utf8, string fileName)
    {
        if (utf8.Length > MaxFileBytes)
        {
            return TooLarge(fileName);
        }

        // The JSON reader refuses bytes that are not UTF-8; a StreamReader would quietly turn them into U+FFFD (a
        // Latin-1 "café" stored as "caf�", and an asset name changed that way keys a second exposure).
        if (Utf8Lines.FirstInvalidLine(utf8.Span) is { } badLine)
        {
            var error = new ExposureImportError("not UTF-8 text (a byte no UTF-8 character starts with): save the file as UTF-8",
                new SourceLocation(fileName, badLine));
            return new ExposureImportResult { Exposures = [], Errors = [error] };
        }

        var rows = new ExposureRowReader(fileName);
        // Built at the first malformed record, once: a file may have a malformed record on every row.
        LineIndex? charLines = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            MissingFieldFound = null,
            // An unterminated quote runs to the end of the file, and RawRow is then past it: the record's first line is
            // found from where it starts in the text instead.
            BadDataFound = args => rows.Error("malformed quoting: " + Echo.Clip(args.RawRecord.TrimEnd(), 80),
                args.Context.Parser is { } p ? (charLines ??= CharLines(utf8.Span)).LineOf(p.CharCount - args.RawRecord.Length) : null),
        };
        using var reader = new StreamReader(new MemoryStream(utf8.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        var count = 0;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                return Failed(fileName, "the file is empty: expected a header row");
            }

            var (columns, complete) = ReadHeader(header, rows);
            while (csv.Read())
            {
                if (++count > MaxRows)
                {
                    rows.Error($"more than {MaxRows} rows", StartLine(csv.Parser));
                    break;
                }

                // Without a required column every row would repeat the header's error; count the rows only.
                if (complete)
                {
                    Row(csv.Parser, columns, rows);
                }
            }
        }
        catch (CsvHelperException ex)
        {
            rows.Error("unreadable CSV: " + Echo.Clip(ex.Message.TrimEnd(), 80), ex.Context?.Parser?.RawRow);
        }

        return Result(rows, count);
    }

    private static (string?[] Columns, bool Complete) ReadHeader(string[] header, ExposureRowReader rows)
    {
        var columns = header.Select(rows.Canonical).ToArray();
        foreach (var duplicate in columns.OfType<string>().GroupBy(c => c).Where(g => g.Count() > 1))
        {
            rows.Error($"more than one column means '{duplicate.Key}'", 1, duplicate.Key);
        }

        return (columns, rows.RequireColumns(columns.OfType<string>().ToHashSet(), 1));
    }

    private static void Row(IParser parser, string?[] columns, ExposureRowReader rows)
    {
        var line = StartLine(parser);
        var record = parser.Record ?? [];
        if (record.Length > columns.Length)
        {
            rows.Error($"the row has {record.Length} fields but the header has {columns.Length}", line);
            return;
        }

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < record.Length; i++)
        {
            if (columns[i] is { } column)
            {
                fields[column] = record[i];
            }
        }

        rows.Accept(fields, line);
    }

    // Lines by character offset of the decoded text (after any byte order mark), as the CSV parser counts characters.
    private static LineIndex CharLines(ReadOnlySpan<byte> utf8) =>
        new(Encoding.UTF8.GetString(utf8.StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8).AsSpan());

    // RawRow is the physical line a record ends on; subtract the line breaks quoted inside it to get where it starts.
    private static int StartLine(IParser parser) =>
        parser.RawRow - (parser.RawRecord ?? "").TrimEnd('\r', '\n').Count(c => c == '\n');

    /// <summary>Imports JSON bytes (UTF-8, optional byte order mark). <paramref name="fileName"/> labels errors.</summary>
    public static ExposureImportResult ReadJson(ReadOnlyMemory<byte> utf8, string fileName)
    {
        if (utf8.Length > MaxFileBytes)
        {
            return TooLarge(fileName);
        }

        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        var rows = new ExposureRowReader(fileName);
        var lines = new LineIndex(utf8.Span);
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { MaxDepth = MaxJsonDepth, CommentHandling = JsonCommentHandling.Skip });
        var count = 0;
        try
        {
            if (!OpenArray(ref reader, rows, lines, out var inObject))
            {
                return Result(rows, 0);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (++count > MaxRows)
                {
                    rows.Error($"more than {MaxRows} exposures", lines.LineOf(reader.TokenStartIndex));
                    break;
                }

                rows.Index = count - 1;
                try
                {
                    ReadObject(ref reader, rows, lines);
                }
                finally
                {
                    rows.Index = null;
                }
            }

            if (count <= MaxRows)
            {
                Close(ref reader, rows, lines, inObject);
            }
        }
        catch (JsonException ex)
        {
            rows.Error("invalid JSON: " + Echo.Clip(ex.Message.TrimEnd(), 80), (int?)ex.LineNumber + 1);
        }

        return Result(rows, count);
    }

    // After the exposures array: the rest of the root object (its other properties skipped) and then nothing but white
    // space. A second array (two files concatenated) or a cut-off object used to import the first part and report success.
    private static void Close(ref Utf8JsonReader reader, ExposureRowReader rows, LineIndex lines, bool inObject)
    {
        const string OneDocument = "content after the array of exposures: a file holds one JSON array (or one object with an \"exposures\" array)";
        try
        {
            if (inObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                rows.Error(OneDocument, lines.LineOf(reader.TokenStartIndex));
            }
        }
        catch (JsonException ex) when (ex.Message.Contains("after a single JSON value", StringComparison.Ordinal))
        {
            rows.Error(OneDocument, (int?)ex.LineNumber + 1);
        }
    }

    // Positions the reader on the StartArray of exposures: the root array, or the root object's "exposures".
    private static bool OpenArray(ref Utf8JsonReader reader, ExposureRowReader rows, LineIndex lines, out bool inObject)
    {
        inObject = false;
        if (!reader.Read())
        {
            rows.Error("the file is empty: expected a JSON array of exposures", 1);
            return false;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            inObject = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isList = reader.ValueTextEquals("exposures");
                reader.Read();
                if (isList && reader.TokenType == JsonTokenType.StartArray)
                {
                    return true;
                }

                reader.Skip();
            }
        }

        rows.Error("expected a JSON array of exposures or an object with an \"exposures\" array", lines.LineOf(reader.TokenStartIndex));
        return false;
    }

    private static void ReadObject(ref Utf8JsonReader reader, ExposureRowReader rows, LineIndex lines)
    {
        var line = lines.LineOf(reader.TokenStartIndex);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            rows.Error($"expected an exposure object, found {reader.TokenType}", line);
            reader.Skip();
            return;
        }

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var valid = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!JsonText.TryGetString(ref reader, out var name, out var nameError))
            {
                rows.Error($"a property name is {nameError}", lines.LineOf(reader.TokenStartIndex));
                reader.Read();
                reader.Skip();
                valid = false;
                continue;
            }

            var field = rows.Canonical(name);
            reader.Read();
            var value = ReadValue(ref reader, rows, lines, name, field is not null);
            if (field is null)
            {
                continue;
            }

            if (!fields.TryAdd(field, value.Text))
            {
                rows.Error($"property '{name}' repeats '{field}'", lines.LineOf(reader.TokenStartIndex), field);
                valid = false;
            }

            valid &= value.Valid;
        }

        if (valid)
        {
            rows.Accept(fields, line);
        }
    }

    // Strings, numbers, booleans and null become text; an array of strings (techniques) is joined with ';'.
    private static (string? Text, bool Valid) ReadValue(ref Utf8JsonReader reader, ExposureRowReader rows, LineIndex lines, string name, bool used)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (JsonText.TryGetString(ref reader, out var text, out var error))
                {
                    return (text, true);
                }

                if (!used)
                {
                    return (null, true);
                }

                rows.Error($"'{name}' is {error}", lines.LineOf(reader.TokenStartIndex), name);
                return (null, false);
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return (Encoding.UTF8.GetString(reader.ValueSpan), true);
            case JsonTokenType.Null:
                return (null, true);
            case JsonTokenType.StartArray when used:
                var items = new List<string>();
                string? itemError = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.String && JsonText.TryGetString(ref reader, out var item, out itemError))
                {
                    items.Add(item);
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return (string.Join(';', items), true);
                }

                rows.Error(itemError is null ? $"'{name}' must hold only strings" : $"an item of '{name}' is {itemError}", lines.LineOf(reader.TokenStartIndex), name);
                SkipToArrayEnd(ref reader);
                return (null, false);
            default:
                var line = lines.LineOf(reader.TokenStartIndex);
                reader.Skip();
                if (!used)
                {
                    return (null, true);
                }

                rows.Error($"'{name}' must be a string, number or list of strings", line, name);
                return (null, false);
        }
    }

    private static void SkipToArrayEnd(ref Utf8JsonReader reader)
    {
        do
        {
            reader.Skip();
        }
        while (reader.TokenType != JsonTokenType.EndArray && reader.Read());
    }

    private static ExposureImportResult Result(ExposureRowReader rows, int count) => new()
    {
        Exposures = rows.Errors.Count == 0 ? rows.Accepted : [],
        Errors = rows.Errors,
        RowsRead = count,
        IgnoredFields = rows.Ignored.ToList(),
    };

    private static ExposureImportResult TooLarge(string file) => Failed(file, $"the file exceeds {MaxFileBytes >> 20} MB");

    private static ExposureImportResult Failed(string file, string message) =>
        new() { Exposures = [], Errors = [new ExposureImportError(message, new SourceLocation(file))] };

    /// <summary>
    /// Offset → 1-based line: byte offsets for JSON errors (Utf8JsonReader reports offsets, not lines), character offsets
    /// for CSV records whose line the parser cannot give.
    /// </summary>
    private sealed class LineIndex
    {
        private readonly List<long> _breaks = [];

        public LineIndex(ReadOnlySpan<byte> utf8) => Add(utf8, (byte)'\n');

        public LineIndex(ReadOnlySpan<char> text) => Add(text, '\n');

        private void Add<T>(ReadOnlySpan<T> items, T newline)
            where T : IEquatable<T>
        {
            for (var offset = 0; items[offset..].IndexOf(newline) is var next and >= 0; offset += next + 1)
            {
                _breaks.Add(offset + next);
            }
        }

        public int LineOf(long offset)
        {
            var index = _breaks.BinarySearch(offset);
            return (index >= 0 ? index : ~index) + 1;
        }
    }
}
