using System.Globalization;
using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Text;

namespace Tessera.Core.Exposures;

/// <summary>
/// Validates exposure rows, whatever their file format, into <see cref="Exposure"/> records, collecting every
/// error with its line and field. One instance per import.
/// </summary>
internal sealed class ExposureRowReader(string file)
{
    /// <summary>Titles are a line or two; 4,096 characters bounds a hostile cell without cutting real ones.</summary>
    public const int MaxFieldChars = 4096;

    // Echoing a 4 KB cell into every message would bloat the error list; 60 characters identify it.
    private const int MaxEcho = 60;

    public const string Id = "id", Cve = "cve", Asset = "asset", Severity = "severity", Title = "title",
        Detected = "detected", Techniques = "techniques", Kind = "kind";

    private static readonly string[] Required = [Id, Asset, Severity, Title];

    // Header/property names are matched case-insensitively ignoring spaces, '_' and '-'; common scanner names map in.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["id"] = Id, ["cve"] = Cve, ["cveid"] = Cve, ["asset"] = Asset, ["host"] = Asset, ["hostname"] = Asset,
        ["severity"] = Severity, ["cvss"] = Severity, ["title"] = Title, ["name"] = Title,
        ["detected"] = Detected, ["detectedat"] = Detected, ["detecteddate"] = Detected,
        ["techniques"] = Techniques, ["kind"] = Kind,
    };

    private readonly Dictionary<string, int> _firstLineById = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _firstLineByKey = new(StringComparer.Ordinal);

    public string File { get; } = file;

    public List<ExposureImportError> Errors { get; } = [];

    public List<Exposure> Accepted { get; } = [];

    public SortedSet<string> Ignored { get; } = new(StringComparer.Ordinal);

    /// <summary>The 0-based array index of the JSON object being read (null for CSV); errors carry it.</summary>
    public int? Index { get; set; }

    /// <summary>The canonical field a header or property name stands for, or null (then it is recorded as ignored).</summary>
    public string? Canonical(string name)
    {
        var key = new string(name.Where(c => c is not (' ' or '_' or '-')).ToArray()).ToLowerInvariant();
        if (Aliases.TryGetValue(key, out var canonical))
        {
            return canonical;
        }

        Ignored.Add(name);
        return null;
    }

    /// <summary>Reports required fields absent from a CSV header (JSON checks per object instead); false when any is.</summary>
    public bool RequireColumns(IReadOnlyCollection<string> present, int line)
    {
        var missing = Required.Where(r => !present.Contains(r)).ToList();
        foreach (var field in missing)
        {
            Error($"required column '{field}' is missing", line, field);
        }

        return missing.Count == 0;
    }

    public void Error(string message, int? line, string? field = null) => Errors.Add(new ExposureImportError(message, new SourceLocation(File, line), field, Index));

    /// <summary>Validates one row of canonical field → text (null or blank = absent) and keeps it when valid.</summary>
    public void Accept(IReadOnlyDictionary<string, string?> fields, int line)
    {
        var before = Errors.Count;
        // A value refused (too long, control characters) is reported once; it is present, so not also "required".
        var refused = new HashSet<string>(StringComparer.Ordinal);
        string? Text(string field)
        {
            var value = fields.GetValueOrDefault(field)?.Trim();
            if (value is { Length: > MaxFieldChars })
            {
                Error($"value longer than {MaxFieldChars} characters", line, field);
                refused.Add(field);
                return null;
            }

            // A scanner's title may run over lines; a host, ID, CVE or date is one line, and a control character in it
            // would reach exports, tickets and audit entries as it is.
            if ((field == Title ? PlainText.MultiLineProblem(field, value) : PlainText.OneLineProblem(field, value)) is { } control)
            {
                Error(control, line, field);
                refused.Add(field);
                return null;
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        string RequiredText(string field) => Text(field) ?? (refused.Contains(field) ? "" : Fail(field, $"'{field}' is required"));

        string Fail(string field, string message)
        {
            Error(message, line, field);
            return "";
        }

        var id = RequiredText(Id);
        var asset = RequiredText(Asset);
        var title = RequiredText(Title);
        var cve = ParseCve(Text(Cve), line);
        var severityText = Text(Severity);
        var (severity, cvss) = refused.Contains(Severity) ? default : ParseSeverity(severityText, line);
        var detected = ParseDate(Text(Detected), line);
        var techniques = ParseTechniques(Text(Techniques), line);
        var kind = ParseKind(Text(Kind), cve, line);
        if (id.Length > 0 && !_firstLineById.TryAdd(id, line))
        {
            Error($"duplicate id '{id}' (first on line {_firstLineById[id]})", line, Id);
        }

        if (Errors.Count != before)
        {
            return;
        }

        var exposure = new Exposure
        {
            Id = id, Kind = kind, Cve = cve, Asset = asset, Severity = severity, Cvss = cvss, Title = title,
            DetectedAt = detected, Techniques = techniques, Line = line,
        };
        // Stored exposures are keyed by (asset, CVE): two rows with the same pair would overwrite each other.
        // Rows without a CVE are keyed by ID, whose duplicates are reported above.
        if (cve is not null && !_firstLineByKey.TryAdd(ExposureKey.Of(exposure), line))
        {
            Error($"{cve} on asset '{Echo.Clip(asset, MaxEcho)}' repeats line {_firstLineByKey[ExposureKey.Of(exposure)]}: one exposure per CVE and asset", line, Cve);
            return;
        }

        Accepted.Add(exposure);
    }

    private string? ParseCve(string? text, int line)
    {
        if (text is null)
        {
            return null;
        }

        if (CveId.TryParse(text, out var id))
        {
            return id.Value;
        }

        Error(CveId.NotACveId(Echo.Clip(text, MaxEcho)), line, Cve);
        return null;
    }

    // CVSS v3 qualitative bands: 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical. A 0.0 score
    // ("none") is kept as low rather than dropped, so an import never loses a row silently.
    private (ExposureSeverity, double?) ParseSeverity(string? text, int line)
    {
        switch (text?.ToLowerInvariant())
        {
            case null:
                Error($"'{Severity}' is required (critical, high, medium, low or a CVSS score)", line, Severity);
                return default;
            case "critical": return (ExposureSeverity.Critical, null);
            case "high": return (ExposureSeverity.High, null);
            case "medium" or "moderate": return (ExposureSeverity.Medium, null);
            case "low": return (ExposureSeverity.Low, null);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 10)
        {
            var band = score switch
            {
                >= 9 => ExposureSeverity.Critical,
                >= 7 => ExposureSeverity.High,
                >= 4 => ExposureSeverity.Medium,
                _ => ExposureSeverity.Low,
            };
            return (band, score);
        }

        Error($"'{Echo.Clip(text, MaxEcho)}' is not a severity (critical, high, medium, low) or a CVSS score from 0 to 10", line, Severity);
        return default;
    }

    private DateTimeOffset? ParseDate(string? text, int line)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        Error($"'{Echo.Clip(text, MaxEcho)}' is not a date (expected ISO 8601, e.g. 2025-07-28 or 2025-07-28T10:00:00Z)", line, Detected);
        return null;
    }

    private List<TechniqueId> ParseTechniques(string? text, int line)
    {
        var ids = new List<TechniqueId>();
        foreach (var token in (text ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TechniqueId.TryParse(token, out var id))
            {
                ids.Add(id);
            }
            else
            {
                Error($"'{Echo.Clip(token, MaxEcho)}' is not a technique ID (expected T1234 or T1234.567)", line, Techniques);
            }
        }

        return ids.Distinct().ToList();
    }

    private ExposureKind ParseKind(string? text, string? cve, int line)
    {
        switch (text?.ToLowerInvariant())
        {
            case null: return cve is null ? ExposureKind.Misconfiguration : ExposureKind.Vulnerability;
            case "vulnerability" or "vuln": return ExposureKind.Vulnerability;
            case "misconfiguration" or "misconfig": return ExposureKind.Misconfiguration;
            default:
                Error($"'{Echo.Clip(text, MaxEcho)}' is not a kind (vulnerability or misconfiguration)", line, Kind);
                return default;
        }
    }
}
