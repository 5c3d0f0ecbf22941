using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Loads the labelled texts the ranking model learns from, all from the shared public data folder:
/// ATT&amp;CK technique names/descriptions and procedure examples, Sigma titles/descriptions with their
/// <c>attack.t*</c> tags, Atomic Red Team test names/descriptions, TRAM sentences and CTID KEV descriptions.
/// Missing folders are skipped and reported in <see cref="Notes"/>; nothing is downloaded.
/// </summary>
public sealed partial class TrainingCorpus
{
    public required IReadOnlyList<TrainingDocument> Documents { get; init; }
    /// <summary>Technique collection the documents were read against (names, tactics, revoked/deprecated).</summary>
    public required AttackCollection Attack { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Labels newer than <see cref="Attack"/> that Atomic Red Team names (v19 IDs), with their 18.1 counterparts.</summary>
    public NewerTechniques Newer { get; init; } = NewerTechniques.Empty;

    [GeneratedRegex(@"\(Citation:[^)]*\)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<code>|</code>")]
    private static partial Regex CodeTag();

    /// <summary>
    /// Reads every source under <paramref name="sharedDataPath"/> (the folder holding attack/, sigma/, …); ATT&amp;CK
    /// Enterprise 18.1 is read unless <paramref name="attack"/> is given, the CTID KEV file unless <paramref name="kev"/> is
    /// (the mapper's decomposer needs it too: one parse serves both). Throws <see cref="InvalidDataException"/> when the bundle cannot be read.
    /// </summary>
    public static TrainingCorpus Load(string sharedDataPath, AttackCollection? attack = null, KevMappings? kev = null)
    {
        var notes = new List<string>();
        attack ??= LoadAttack(Path.Combine(sharedDataPath, "attack", "enterprise-attack-18.1.json"));
        var docs = new List<TrainingDocument>();
        AddAttack(attack, docs);
        AddDetections(attack, docs);
        docs.AddRange(SigmaTrainingLoader.Load(Path.Combine(sharedDataPath, "sigma"), notes));
        var atomicNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        docs.AddRange(AtomicTrainingLoader.Load(Path.Combine(sharedDataPath, "atomic-red-team", "atomics"), notes, atomicNames));
        docs.AddRange(LoadTram(Path.Combine(sharedDataPath, "tram"), notes));
        docs.AddRange(LoadKev(Path.Combine(sharedDataPath, "ctid", KevMappingsFile), kev, notes));
        docs.AddRange(CloudMappingLoader.Load(Path.Combine(sharedDataPath, "ctid"), notes));
        return new TrainingCorpus { Documents = docs, Attack = attack, Notes = notes, Newer = NewerTechniques.Build(atomicNames, attack) };
    }

    /// <summary>Reads an ATT&amp;CK bundle with the shared STIX reader; throws <see cref="InvalidDataException"/> listing its errors.</summary>
    public static AttackCollection LoadAttack(string bundlePath)
    {
        var result = StixBundleReader.ReadFile(bundlePath);
        return result.Succeeded
            ? result.Collection!
            : throw new InvalidDataException($"cannot load {bundlePath}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    internal const string KevMappingsFile = "kev-07.28.2025_attack-16.1-enterprise.json";

    /// <summary>Removes ATT&amp;CK citations and markdown links (keeping the link text) from STIX prose.</summary>
    public static string CleanProse(string text) =>
        CodeTag().Replace(MarkdownLink().Replace(Citation().Replace(text, ""), "$1"), "").Trim();

    private static void AddAttack(AttackCollection attack, List<TrainingDocument> docs)
    {
        foreach (var t in attack.Techniques.Where(t => t.IsActive))
        {
            var parent = t.IsSubtechnique ? attack.FindTechnique(t.AttackId[..5]) : null;
            var name = parent is null ? t.Name : parent.Name + ": " + t.Name;
            // Only the first paragraph: later ones are mostly mitigations of context, and dilute the centroid.
            var description = CleanProse(t.Description.Split("\n\n")[0]);
            docs.Add(new TrainingDocument
            {
                Text = name + ". " + name + ". " + description,
                Labels = [t.AttackId],
                Source = TrainingSource.AttackTechnique,
                Group = "attack",
                Display = name,
                AlertLike = true,
            });
            foreach (var example in attack.ProcedureExamples(t).Where(p => p.Description.Length > 0))
            {
                docs.Add(new TrainingDocument
                {
                    Text = CleanProse(example.Description),
                    Labels = [t.AttackId],
                    Source = TrainingSource.AttackProcedure,
                    Group = "attack",
                });
            }
        }
    }

    // v18 detection strategies read like detection rules ("Detection of Malicious Control Panel Item Execution via
    // control.exe or Rundll32") and their analytics like rule descriptions: the closest ATT&CK text to an alert.
    private static void AddDetections(AttackCollection attack, List<TrainingDocument> docs)
    {
        foreach (var strategy in attack.DetectionStrategies.Where(s => s.IsActive))
        {
            var labels = attack.RelationshipsFrom(strategy.StixId)
                .Where(r => r.Type == "detects" && !r.Revoked && !r.Deprecated)
                .Select(r => attack.FindByStixId<Technique>(r.TargetRef))
                .OfType<Technique>().Where(t => t.IsActive).Select(t => t.AttackId).Distinct().ToList();
            if (labels.Count == 0)
            {
                continue;
            }

            var analytics = strategy.AnalyticRefs.Select(attack.FindByStixId<Analytic>).OfType<Analytic>()
                .Select(a => CleanProse(a.Description)).Where(d => d.Length > 0);
            docs.Add(new TrainingDocument
            {
                Text = strategy.Name + ". " + strategy.Name + ". " + string.Join(" ", analytics),
                Labels = labels,
                Source = TrainingSource.AttackDetection,
                Group = "attack-detection",
                Display = strategy.Name,
                AlertLike = true,
            });
        }
    }

    private static IEnumerable<TrainingDocument> LoadTram(string folder, List<string> notes)
    {
        var docs = new List<TrainingDocument>();
        var single = Path.Combine(folder, "single_label.json");
        var bootstrap = Path.Combine(folder, "bootstrap-training-data.json");
        if (!File.Exists(single) || !File.Exists(bootstrap))
        {
            notes.Add($"TRAM data not found under {folder}; skipped");
            return docs;
        }

        using (var doc = JsonDocument.Parse(File.ReadAllBytes(single)))
        {
            foreach (var s in doc.RootElement.EnumerateArray())
            {
                AddTram(docs, s.GetProperty("text").GetString(), [s.GetProperty("label").GetString()]);
            }
        }

        using (var doc = JsonDocument.Parse(File.ReadAllBytes(bootstrap)))
        {
            foreach (var s in doc.RootElement.GetProperty("sentences").EnumerateArray())
            {
                var labels = s.GetProperty("mappings").EnumerateArray().Select(m => m.GetProperty("attack_id").GetString()).ToList();
                AddTram(docs, s.GetProperty("text").GetString(), labels);
            }
        }

        return docs;
    }

    private static void AddTram(List<TrainingDocument> docs, string? text, IReadOnlyList<string?> labels)
    {
        var ids = labels.Where(l => TechniqueId.TryParse(l, out _)).Select(l => l!.Trim().ToUpperInvariant()).Distinct().ToList();
        if (!string.IsNullOrWhiteSpace(text) && ids.Count > 0)
        {
            docs.Add(new TrainingDocument { Text = text, Labels = ids, Source = TrainingSource.Tram, Group = "tram" });
        }
    }

    private static IEnumerable<TrainingDocument> LoadKev(string file, KevMappings? kev, List<string> notes)
    {
        if (!File.Exists(file))
        {
            notes.Add($"KEV mappings not found at {file}; skipped");
            return [];
        }

        // Only the KEV file's own rows: the attack-to-cve CSV a loaded set may hold has no descriptions to learn from.
        return (kev ?? KevMappings.Load(file)).Entries
            .Where(e => e.Origin == "ctid-kev" && e.MappingType == "exploitation_technique")
            .GroupBy(e => e.CveId)
            .Select(g => new TrainingDocument
            {
                Text = g.First().Description,
                Labels = g.Select(e => e.TechniqueId).Distinct().ToList(),
                Source = TrainingSource.Kev,
                Group = "kev",
                Display = g.Key + " " + g.First().Description,
                AlertLike = true,
            })
            .ToList();
    }
}
