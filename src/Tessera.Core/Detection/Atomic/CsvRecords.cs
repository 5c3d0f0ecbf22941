using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Detection.Atomic;

/// <summary>Strict CSV reading shared by the Atomic index and execution-log readers: every problem becomes a line-numbered issue.</summary>
internal static class CsvRecords
{
    /// <summary>
    /// Yields each data record as (line, field-by-header) after checking that <paramref name="requiredColumns"/>
    /// are in the header. Records with a wrong field count or bad quoting are reported and skipped.
    /// </summary>
    public static IEnumerable<(int Line, IReadOnlyDictionary<string, string> Fields)> Read(
        string text, string file, IReadOnlyList<string> requiredColumns, List<DetectionIssue> errors)
    {
        var badLines = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = false,
            BadDataFound = args =>
            {
                var line = args.Context.Parser?.RawRow ?? 0;
                if (badLines.Add(line))
                {
                    errors.Add(new(DetectionIssueKind.MalformedRecord, $"bad CSV quoting near '{Echo.Clip(args.RawRecord?.Trim(), 40)}'", new SourceLocation(file, line)));
                }
            },
        };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader())
        {
            errors.Add(new(DetectionIssueKind.MissingField, "CSV has no header row", new SourceLocation(file, 1)));
            yield break;
        }

        var header = csv.HeaderRecord!;
        var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new(DetectionIssueKind.MissingField, $"CSV header lacks column(s) {string.Join(", ", missing.Select(m => $"\"{m}\""))}", new SourceLocation(file, 1)));
            yield break;
        }

        while (true)
        {
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (CsvHelperException ex)
            {
                errors.Add(new(DetectionIssueKind.MalformedRecord, $"unreadable CSV: {ex.GetType().Name}", new SourceLocation(file, csv.Parser.RawRow)));
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var line = csv.Parser.RawRow;
            if (badLines.Contains(line))
            {
                continue;
            }

            if (csv.Parser.Count != header.Length)
            {
                errors.Add(new(DetectionIssueKind.MalformedRecord, $"expected {header.Length} fields, found {csv.Parser.Count}", new SourceLocation(file, line)));
                continue;
            }

            var fields = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                fields[header[i]] = csv.Parser[i] ?? "";
            }

            yield return (line, fields);
        }
    }

    public static TechniqueId Technique(string text, string column, SourceLocation at, List<DetectionIssue> errors)
    {
        if (TechniqueId.TryParse(text, out var id))
        {
            return id;
        }

        errors.Add(new(DetectionIssueKind.InvalidTechniqueTag, $"{column} '{text}' is not a technique ID", at));
        return default;
    }

    public static int? Int(string text, string column, SourceLocation at, List<DetectionIssue> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(new(DetectionIssueKind.MissingField, $"{column} is empty", at));
            }

            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new(DetectionIssueKind.InvalidValue, $"{column} '{text}' is not a whole number", at));
        return null;
    }

    public static Guid Guid(string text, string column, SourceLocation at, List<DetectionIssue> errors)
    {
        if (System.Guid.TryParseExact(text.Trim(), "D", out var guid))
        {
            return guid;
        }

        errors.Add(new(DetectionIssueKind.InvalidValue, $"{column} '{text}' is not a GUID", at));
        return System.Guid.Empty;
    }
}
