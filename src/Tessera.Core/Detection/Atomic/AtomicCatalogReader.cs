using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Tessera.Core.Attack;
using Tessera.Core.Detection.Yaml;

namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// Reads the Atomic Red Team catalogue either from the technique YAML files (<c>atomics/T*/T*.yaml</c>,
/// full detail) or from the CSV index (<c>atomics/Indexes/Indexes-CSV/index.csv</c>, one row per
/// tactic × test). Unknown keys in the YAML are errors: the Atomic schema is fixed, and a misspelt key
/// (e.g. <c>elevation_requried</c>) would otherwise silently drop meaning.
/// </summary>
public static class AtomicCatalogReader
{
    /// <summary>1 MiB per technique file: the largest (T1685) is ~94 KB.</summary>
    public const long MaxTechniqueFileBytes = 1 << 20;

    /// <summary>16 MiB: the index has ~2,300 rows (~400 KB); 40x headroom while bounding memory.</summary>
    public const long MaxIndexBytes = 16 << 20;

    private static readonly HashSet<string> TechniqueKeys = ["attack_technique", "display_name", "atomic_tests"];
    private static readonly HashSet<string> TestKeys =
        ["name", "auto_generated_guid", "description", "supported_platforms", "input_arguments", "dependencies", "dependency_executor_name", "executor"];
    private static readonly HashSet<string> ExecutorKeys = ["name", "command", "cleanup_command", "elevation_required", "steps"];
    private static readonly HashSet<string> ArgumentKeys = ["description", "type", "default"];
    private static readonly HashSet<string> ExecutorNames = ["powershell", "command_prompt", "sh", "bash", "manual"];
    private static readonly string[] IndexColumns = ["Tactic", "Technique #", "Technique Name", "Test #", "Test Name", "Test GUID", "Executor Name"];

    /// <summary>
    /// Reads every <c>T*/T*.yaml</c> under <paramref name="atomicsFolder"/> in parallel. A file with any error is
    /// rejected whole; a test GUID used twice rejects the later file. Throws <see cref="DirectoryNotFoundException"/>
    /// when the folder does not exist.
    /// </summary>
    public static async Task<AtomicCatalogResult> ReadFolderAsync(string atomicsFolder, CancellationToken ct)
    {
        if (!Directory.Exists(atomicsFolder))
        {
            throw new DirectoryNotFoundException($"Atomic folder '{atomicsFolder}' does not exist");
        }

        var files = Directory.EnumerateDirectories(atomicsFolder, "T*")
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".yaml"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
        var parsed = new (AtomicTechnique? Technique, List<DetectionIssue> Errors)[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { CancellationToken = ct }, async (i, token) =>
        {
            var name = Path.GetRelativePath(atomicsFolder, files[i]).Replace('\\', '/');
            var (text, error) = await CappedFile.ReadTextAsync(files[i], name, MaxTechniqueFileBytes, token).ConfigureAwait(false);
            parsed[i] = error is not null ? (null, [error]) : ParseTechnique(text!, name);
        }).ConfigureAwait(false);

        var errors = new List<DetectionIssue>();
        var accepted = new List<AtomicTechnique>();
        var firstFileByGuid = new Dictionary<Guid, string>();
        var rejected = 0;
        foreach (var (technique, fileErrors) in parsed)
        {
            if (technique is not null)
            {
                foreach (var test in technique.Tests)
                {
                    if (firstFileByGuid.TryGetValue(test.Guid, out var first) || technique.Tests.Count(t => t.Guid == test.Guid) > 1)
                    {
                        fileErrors.Add(new(DetectionIssueKind.DuplicateId,
                            $"test GUID {test.Guid} is already used by '{first ?? technique.File}'", new SourceLocation(technique.File)));
                    }
                }
            }

            if (technique is null || fileErrors.Count > 0)
            {
                rejected++;
                errors.AddRange(fileErrors);
                continue;
            }

            foreach (var test in technique.Tests)
            {
                firstFileByGuid[test.Guid] = technique.File;
            }

            accepted.Add(technique);
        }

        return new AtomicCatalogResult { Catalog = new AtomicCatalog(accepted), ItemsScanned = files.Count, Errors = errors, Rejected = rejected };
    }

    /// <summary>Parses one technique YAML text; returns the technique, or null with every error found.</summary>
    internal static (AtomicTechnique? Technique, List<DetectionIssue> Errors) ParseTechnique(string yaml, string file)
    {
        var load = SafeYamlLoader.Load(yaml, file);
        var errors = new List<DetectionIssue>(load.Errors);
        if (load.HasErrors)
        {
            return (null, errors);
        }

        var r = new YamlFieldReader(file, errors);
        if (load.Documents is not [YMapping root])
        {
            errors.Add(new(DetectionIssueKind.MultiDocument, "an Atomic technique file must hold exactly one mapping document", new SourceLocation(file, 1, 1)));
            return (null, errors);
        }

        RejectUnknownKeys(root, TechniqueKeys, r);
        var techniqueText = r.String(root, "attack_technique", required: true);
        var techniqueId = default(TechniqueId);
        if (techniqueText is not null && !TechniqueId.TryParse(techniqueText, out techniqueId))
        {
            r.Error(DetectionIssueKind.InvalidTechniqueTag, $"attack_technique '{techniqueText}' is not a technique ID", root.Get("attack_technique")!);
        }

        var displayName = r.String(root, "display_name", required: true);
        var tests = new List<AtomicTest>();
        switch (root.Get("atomic_tests"))
        {
            case YSequence { Items.Count: > 0 } seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (seq.Items[i] is YMapping testMap)
                    {
                        tests.Add(ParseTest(testMap, techniqueId, i + 1, r));
                    }
                    else
                    {
                        r.Error(DetectionIssueKind.InvalidValue, "atomic_tests entries must be mappings", seq.Items[i]);
                    }
                }

                break;
            case null:
                r.Error(DetectionIssueKind.MissingField, "required field 'atomic_tests' is missing", root);
                break;
            case var other:
                r.Error(DetectionIssueKind.InvalidValue, "'atomic_tests' must be a non-empty list", other);
                break;
        }

        return errors.Count > 0
            ? (null, errors)
            : (new AtomicTechnique { Technique = techniqueId, DisplayName = displayName!, Tests = tests, File = file }, errors);
    }

    private static AtomicTest ParseTest(YMapping map, TechniqueId technique, int number, YamlFieldReader r)
    {
        RejectUnknownKeys(map, TestKeys, r);
        var guidText = r.String(map, "auto_generated_guid", required: true);
        var guid = Guid.Empty;
        if (guidText is not null && !Guid.TryParseExact(guidText.Trim(), "D", out guid))
        {
            r.Error(DetectionIssueKind.InvalidValue, $"auto_generated_guid '{guidText}' is not a GUID", map.Get("auto_generated_guid")!);
        }

        var platforms = r.StringList(map, "supported_platforms");
        if (platforms.Count == 0)
        {
            r.Error(DetectionIssueKind.MissingField, "test has no supported_platforms", map);
        }

        return new AtomicTest
        {
            Guid = guid,
            Technique = technique,
            Number = number,
            Name = r.String(map, "name", required: true) ?? "",
            Description = r.String(map, "description") ?? "",
            SupportedPlatforms = platforms,
            Executor = ParseExecutor(r.Mapping(map, "executor", required: true), r),
            InputArguments = ParseArguments(r.Mapping(map, "input_arguments"), r),
            DependencyExecutorName = r.String(map, "dependency_executor_name"),
            DependencyCount = map.Get("dependencies") is YSequence deps ? deps.Items.Count : 0,
        };
    }

    private static AtomicExecutor ParseExecutor(YMapping? map, YamlFieldReader r)
    {
        if (map is null)
        {
            return new AtomicExecutor { Name = "" };
        }

        RejectUnknownKeys(map, ExecutorKeys, r);
        var name = r.String(map, "name", required: true) ?? "";
        if (name.Length > 0 && !ExecutorNames.Contains(name))
        {
            r.Error(DetectionIssueKind.InvalidValue, $"executor '{name}' is not one of {string.Join(", ", ExecutorNames)}", map.Get("name")!);
        }

        var command = r.String(map, "command");
        var steps = r.String(map, "steps");
        if (command is null && steps is null)
        {
            r.Error(DetectionIssueKind.MissingField, "executor has neither 'command' nor 'steps'", map);
        }

        return new AtomicExecutor
        {
            Name = name,
            ElevationRequired = r.Bool(map, "elevation_required") ?? false,
            Command = command,
            CleanupCommand = r.String(map, "cleanup_command"),
            Steps = steps,
        };
    }

    private static List<AtomicInputArgument> ParseArguments(YMapping? map, YamlFieldReader r)
    {
        var arguments = new List<AtomicInputArgument>();
        if (map is null)
        {
            return arguments;
        }

        foreach (var (key, value) in map.Entries)
        {
            if (value is not YMapping arg)
            {
                r.Error(DetectionIssueKind.InvalidValue, $"input argument '{key.Value}' must be a mapping", value);
                continue;
            }

            RejectUnknownKeys(arg, ArgumentKeys, r);
            arguments.Add(new AtomicInputArgument(key.Value, r.String(arg, "description") ?? "",
                (r.String(arg, "type", required: true) ?? "").ToLowerInvariant(), (arg.Get("default") as YScalar)?.Text));
        }

        return arguments;
    }

    private static void RejectUnknownKeys(YMapping map, HashSet<string> allowed, YamlFieldReader r)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                r.Error(DetectionIssueKind.InvalidValue, $"unknown key '{key.Value}' (expected one of {string.Join(", ", allowed)})", key);
            }
        }
    }

    /// <summary>
    /// Reads the CSV index. Each test appears once per tactic of its technique; rows are folded by GUID, and
    /// rows that disagree about a GUID's technique, number or name are errors. All-or-nothing: any error
    /// yields an empty catalogue.
    /// </summary>
    public static async Task<AtomicCatalogResult> ReadIndexCsvAsync(string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var (text, readError) = await CappedFile.ReadTextAsync(path, name, MaxIndexBytes, ct).ConfigureAwait(false);
        return readError is not null
            ? new AtomicCatalogResult { Catalog = new AtomicCatalog([]), ItemsScanned = 0, Errors = [readError], Rejected = 1 }
            : ReadIndexCsv(text!, name);
    }

    internal static AtomicCatalogResult ReadIndexCsv(string text, string name)
    {
        var errors = new List<DetectionIssue>();
        var tests = new Dictionary<Guid, AtomicTest>();
        var techniqueNames = new Dictionary<TechniqueId, string>();
        var rows = 0;
        var rejected = 0;
        foreach (var (line, fields) in CsvRecords.Read(text, name, IndexColumns, errors))
        {
            rows++;
            var before = errors.Count;
            var at = new SourceLocation(name, line);
            var technique = CsvRecords.Technique(fields["Technique #"], "Technique #", at, errors);
            var number = CsvRecords.Int(fields["Test #"], "Test #", at, errors, required: true);
            var guid = CsvRecords.Guid(fields["Test GUID"], "Test GUID", at, errors);
            if (errors.Count > before)
            {
                rejected++;
                continue;
            }

            var test = new AtomicTest
            {
                Guid = guid,
                Technique = technique,
                Number = number!.Value,
                Name = fields["Test Name"],
                Executor = new AtomicExecutor { Name = fields["Executor Name"] },
            };
            if (tests.TryGetValue(guid, out var seen))
            {
                if (seen.Technique != test.Technique || seen.Number != test.Number || seen.Name != test.Name)
                {
                    errors.Add(new(DetectionIssueKind.DuplicateId, $"test GUID {guid} appears with a different technique, number or name", at));
                    rejected++;
                }

                continue;
            }

            tests[guid] = test;
            techniqueNames.TryAdd(technique, fields["Technique Name"]);
        }

        if (errors.Count > 0)
        {
            return new AtomicCatalogResult { Catalog = new AtomicCatalog([]), ItemsScanned = rows, Errors = errors, Rejected = Math.Max(rejected, 1) };
        }

        var techniques = tests.Values
            .GroupBy(t => t.Technique)
            .OrderBy(g => g.Key)
            .Select(g => new AtomicTechnique
            {
                Technique = g.Key,
                DisplayName = techniqueNames[g.Key],
                Tests = g.OrderBy(t => t.Number).ToList(),
                File = name,
            })
            .ToList();
        return new AtomicCatalogResult { Catalog = new AtomicCatalog(techniques), ItemsScanned = rows };
    }
}
