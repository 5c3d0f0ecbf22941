using System.Text;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Dettect;

/// <summary>
/// Reads DeTT&amp;CT technique, data source and group administration YAML files (chosen by <c>file_type</c>)
/// into typed records through <see cref="SafeYamlLoader"/>. Every problem is returned as a
/// <see cref="DettectIssue"/> with file, line and field; a file with any issue yields no document.
/// </summary>
public static class DettectReader
{
    /// <summary>
    /// The Enterprise technique administration sample is 180 KB for 340 techniques; covering all ~800
    /// techniques and sub-techniques with long score histories stays under 4 MB. 16 MB leaves headroom.
    /// </summary>
    public const int MaxFileBytes = 16 << 20;

    private static readonly HashSet<string> CommonKeys = ["version", "file_type", "name", "domain", "platform", "notes"];
    private static readonly HashSet<string> TechniqueFileKeys = [.. CommonKeys, "techniques"];
    private static readonly HashSet<string> DataSourceFileKeys = [.. CommonKeys, "systems", "data_sources", "exceptions"];
    private static readonly HashSet<string> GroupFileKeys = [.. CommonKeys, "groups"];
    private static readonly HashSet<string> TechniqueKeys = ["technique_id", "technique_name", "detection", "visibility"];
    private static readonly HashSet<string> DetectionKeys = ["applicable_to", "location", "comment", "score_logbook"];
    private static readonly HashSet<string> VisibilityKeys = ["applicable_to", "comment", "score_logbook"];
    private static readonly HashSet<string> ScoreKeys = ["date", "score", "comment", "auto_generated"];
    private static readonly HashSet<string> SystemKeys = ["applicable_to", "platform"];
    private static readonly HashSet<string> DataSourceKeys = ["data_source_name", "data_source"];
    private static readonly HashSet<string> DataSourceEntryKeys =
        ["applicable_to", "date_registered", "date_connected", "products", "available_for_data_analytics", "comment", "data_quality"];
    private static readonly HashSet<string> QualityKeys = ["device_completeness", "data_field_completeness", "timeliness", "consistency", "retention"];
    private static readonly HashSet<string> ExceptionKeys = ["technique_id", "name"];
    private static readonly HashSet<string> GroupKeys = ["group_name", "campaign", "technique_id", "software_id", "enabled"];

    /// <summary>Reads a file; throws only for I/O failures (missing file, no access).</summary>
    public static async Task<DettectReadResult> ReadFileAsync(string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes)
        {
            return TooLarge(name);
        }

        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, ct).ConfigureAwait(false);
        return Read(text, name);
    }

    /// <summary>Reads YAML text; <paramref name="fileName"/> is used in issues only.</summary>
    public static DettectReadResult Read(string yaml, string fileName)
    {
        if (yaml.Length > MaxFileBytes)
        {
            return TooLarge(fileName);
        }

        var (root, loadIssues) = SafeYamlLoader.Load(new StringReader(yaml), fileName);
        if (root is null)
        {
            return new DettectReadResult { Issues = loadIssues };
        }

        var session = new DettectReadSession(fileName);
        var document = ReadDocument(root, session);
        return session.Issues.Count == 0 && document is not null
            ? new DettectReadResult { Document = document, Issues = [] }
            : new DettectReadResult { Issues = session.Issues };
    }

    private static DettectReadResult TooLarge(string file) =>
        new() { Issues = [new DettectIssue(file, null, null, "", $"file exceeds {MaxFileBytes >> 20} MB")] };

    private static DettectDocument? ReadDocument(YamlTreeNode root, DettectReadSession session)
    {
        var fileType = (root as YamlTreeMapping)?.Entries.GetValueOrDefault("file_type") as YamlTreeScalar;
        var keys = fileType?.Value switch
        {
            "technique-administration" => TechniqueFileKeys,
            "data-source-administration" => DataSourceFileKeys,
            "group-administration" => GroupFileKeys,
            _ => null,
        };
        if (keys is null)
        {
            session.Error(fileType ?? root, "file_type",
                $"file_type '{fileType?.Value}' is not technique-administration, data-source-administration or group-administration");
            return null;
        }

        if (YamlMappingView.Open(root, "", session, keys) is not { } file)
        {
            return null;
        }

        var version = file.String("version", required: true) ?? "";
        var domainText = file.String("domain", required: true);
        if (domainText is not null && !AttackDomains.TryParse(domainText, out _))
        {
            session.Error(file.Get("domain"), "domain", $"unknown domain '{domainText}' (expected enterprise-attack, mobile-attack or ics-attack)");
        }

        AttackDomains.TryParse(domainText, out var domain);
        var platforms = file.Strings("platform");
        var name = file.String("name");
        var notes = file.String("notes");
        return fileType!.Value switch
        {
            "technique-administration" => new TechniqueAdministration
            {
                File = session.File, Version = version, Domain = domain, Name = name, Notes = notes, Platforms = platforms,
                Techniques = file.List("techniques", (n, p) => ReadTechnique(n, p, session), required: true),
            },
            "data-source-administration" => new DataSourceAdministration
            {
                File = session.File, Version = version, Domain = domain, Name = name, Notes = notes, Platforms = platforms,
                Systems = file.List("systems", (n, p) => YamlMappingView.Open(n, p, session, SystemKeys) is { } s
                    ? new DettectSystem(s.String("applicable_to", required: true) ?? "", s.Strings("platform", required: true))
                    : null),
                DataSources = file.List("data_sources", (n, p) => ReadDataSource(n, p, session), required: true),
                Exceptions = file.List("exceptions", (n, p) => YamlMappingView.Open(n, p, session, ExceptionKeys)?.TechniqueId("technique_id", required: true) is { } id
                    ? new Boxed<TechniqueId>(id)
                    : null).Select(b => b.Value).ToList(),
            },
            _ => new GroupAdministration
            {
                File = session.File, Version = version, Domain = domain, Name = name, Notes = notes, Platforms = platforms,
                Groups = file.List("groups", (n, p) => ReadGroup(n, p, session), required: true),
            },
        };
    }

    private static DettectTechnique? ReadTechnique(YamlTreeNode node, string path, DettectReadSession session)
    {
        if (YamlMappingView.Open(node, path, session, TechniqueKeys) is not { } t)
        {
            return null;
        }

        var id = t.TechniqueId("technique_id", required: true);
        var detections = t.List("detection", (n, p) => YamlMappingView.Open(n, p, session, DetectionKeys) is { } d
            ? new DettectDetection
            {
                ApplicableTo = d.Strings("applicable_to", required: true),
                Locations = d.Strings("location"),
                Comment = d.String("comment"),
                ScoreLogbook = ReadLogbook(d, session, minScore: -1, maxScore: 5),
            }
            : null);
        var visibilities = t.List("visibility", (n, p) => YamlMappingView.Open(n, p, session, VisibilityKeys) is { } v
            ? new DettectVisibility
            {
                ApplicableTo = v.Strings("applicable_to", required: true),
                Comment = v.String("comment"),
                ScoreLogbook = ReadLogbook(v, session, minScore: 0, maxScore: 4),
            }
            : null);
        return id is { } techniqueId
            ? new DettectTechnique
            {
                TechniqueId = techniqueId, TechniqueName = t.String("technique_name"),
                Detections = detections, Visibilities = visibilities, Line = t.Line,
            }
            : null;
    }

    private static IReadOnlyList<DettectScoreEntry> ReadLogbook(YamlMappingView owner, DettectReadSession session, int minScore, int maxScore) =>
        owner.List("score_logbook", (n, p) => YamlMappingView.Open(n, p, session, ScoreKeys) is { } s
            && s.Int("score", minScore, maxScore, required: true) is { } score
            ? new DettectScoreEntry { Date = s.Date("date"), Score = score, Comment = s.String("comment"), AutoGenerated = s.Bool("auto_generated") }
            : null, required: true);

    private static DettectDataSource? ReadDataSource(YamlTreeNode node, string path, DettectReadSession session)
    {
        if (YamlMappingView.Open(node, path, session, DataSourceKeys) is not { } ds)
        {
            return null;
        }

        var entries = ds.List("data_source", (n, p) =>
        {
            if (YamlMappingView.Open(n, p, session, DataSourceEntryKeys) is not { } e)
            {
                return null;
            }

            var quality = e.Get("data_quality") is { } q ? YamlMappingView.Open(q, e.At("data_quality"), session, QualityKeys) : null;
            if (quality is null)
            {
                session.Error(n, e.At("data_quality"), "required key 'data_quality' is missing or not a mapping");
                return null;
            }

            return new DettectDataSourceEntry
            {
                ApplicableTo = e.Strings("applicable_to", required: true),
                DateRegistered = EnteredDay(e, "date_registered", session),
                DateConnected = EnteredDay(e, "date_connected", session),
                Products = e.Strings("products"),
                AvailableForDataAnalytics = e.Bool("available_for_data_analytics") ?? false,
                Comment = e.String("comment"),
                Quality = new DettectDataQuality(
                    Dimension("device_completeness"), Dimension("data_field_completeness"), Dimension("timeliness"),
                    Dimension("consistency"), Dimension("retention")),
            };

            int Dimension(string key) => quality.Int(key, 0, 5, required: true) ?? 0;
        }, required: true);

        var name = ds.String("data_source_name", required: true);
        return name is null ? null : new DettectDataSource { Name = name, Entries = entries, Line = ds.Line };
    }

    /// <summary>
    /// A data source entry's registered or connected day, which the import stores: outside <see cref="EnteredDates"/>'
    /// range (1900 from a spreadsheet, year 1 from an empty date) it is an issue at its line, as <c>POST /data-sources</c>
    /// refuses it, so the file is refused whole. Score logbook dates are not stored and keep any day.
    /// </summary>
    private static DateOnly? EnteredDay(YamlMappingView entry, string key, DettectReadSession session)
    {
        var day = entry.Date(key);
        if (EnteredDates.Problem(key, day) is { } problem)
        {
            session.Error(entry.Get(key), entry.At(key), problem);
            return null;
        }

        return day;
    }

    private static DettectGroup? ReadGroup(YamlTreeNode node, string path, DettectReadSession session)
    {
        if (YamlMappingView.Open(node, path, session, GroupKeys) is not { } g)
        {
            return null;
        }

        var ids = new List<TechniqueId>();
        var raw = g.Strings("technique_id");
        for (var i = 0; i < raw.Count; i++)
        {
            if (TechniqueId.TryParse(raw[i], out var id))
            {
                ids.Add(id);
            }
            else
            {
                session.Error(g.Get("technique_id"), $"{g.At("technique_id")}[{i}]", $"'{raw[i]}' is not a technique ID");
            }
        }

        var name = g.String("group_name", required: true);
        return name is null
            ? null
            : new DettectGroup
            {
                GroupName = name, Campaign = g.String("campaign"), TechniqueIds = ids, SoftwareIds = g.Strings("software_id"),
                Enabled = g.Bool("enabled") ?? true, Line = g.Line,
            };
    }

    /// <summary>Lets a value type pass through <see cref="YamlMappingView.List{T}"/>, which needs a reference type.</summary>
    private sealed record Boxed<T>(T Value);
}
