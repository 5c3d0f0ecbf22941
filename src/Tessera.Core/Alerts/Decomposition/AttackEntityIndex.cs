using System.Text.RegularExpressions;
using Tessera.Core.Alerts.Model;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Alerts.Decomposition;

/// <summary>
/// ATT&amp;CK groups, software and campaigns an alert may name ("Potential Ryuk Ransomware Activity", "OilRig APT
/// Registry Persistence"), with the techniques ATT&amp;CK records them using (<c>uses</c> relationships and their
/// procedure examples). An analyst reading such a title asks "what does Ryuk do that a rule would see?": the
/// index answers with the entity's techniques, ranked by how well the rest of the title matches each procedure
/// example. One-word names that are ordinary words in ATT&amp;CK prose ("Ping", "Expand") or shorter than four
/// characters ("at") are not matched; aliases of several words are ("net.exe" for Net). Immutable and thread-safe.
/// </summary>
public sealed partial class AttackEntityIndex
{
    /// <summary>Per-technique evidence weight for any technique the named entity uses (times its detectability, 0–1).</summary>
    public float BaseWeight { get; init; } = 0.1f;

    /// <summary>Added weight times the share of the title's other words found in the entity's procedure examples for the technique.</summary>
    public float MatchWeight { get; init; } = 0.5f;

    /// <summary>Most techniques suggested per named entity (best matching first).</summary>
    public int MaxTechniques { get; init; } = 15;

    /// <summary>Also match tools (PsExec, Net, certutil …); malware, groups and campaigns are always matched.</summary>
    public bool IncludeTools { get; init; } = true;

    private const int MaxEntitiesPerAlert = 3;
    private const int MinNameLength = 4;
    private const int CommonWordLimit = 3;

    private readonly Dictionary<string, List<(string[] Tokens, int Entity)>> _byFirstToken;
    private readonly Entity[] _entities;
    private readonly Dictionary<string, float> _idf;

    /// <summary>An index that never matches (decomposer without ATT&amp;CK).</summary>
    public static AttackEntityIndex Empty { get; } = new([], new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    private AttackEntityIndex(Entity[] entities, Dictionary<string, List<(string[] Tokens, int Entity)>> byFirstToken, Dictionary<string, float> idf)
    {
        _entities = entities;
        _byFirstToken = byFirstToken;
        _idf = idf;
    }

    /// <summary>Number of groups, software and campaigns with at least one used technique and a matchable name.</summary>
    public int Count => _entities.Length;

    /// <summary>One technique an entity uses, with its procedure examples (stemmed words) and a short quote for explanations.</summary>
    private sealed record Use(string TechniqueId, string Reason, float Detectability)
    {
        public string Family { get; } = TechniqueId[..5];
    }

    /// <param name="UsesByWord">
    /// For each stemmed word of the technique name and procedure examples, the positions in <paramref name="Uses"/>
    /// whose texts hold it: a title word is looked up once, not once per use (APT28 uses well over a hundred techniques).
    /// </param>
    private sealed record Entity(string AttackId, string Name, string Kind, HashSet<string> NameWords, Use[] Uses, Dictionary<string, int[]> UsesByWord)
    {
        public AlertPart Part { get; } = new(Name, $"ATT&CK {Kind} {AttackId}, known to use {Uses.Length} technique(s)");
    }

    [GeneratedRegex(@"\b[a-z]{4,}\b")]
    private static partial Regex LowerWord();

    /// <summary>
    /// Builds the index from a collection's active groups, software and campaigns and their <c>uses</c> relationships.
    /// <paramref name="detectable"/> counts how often each technique family is the label of a detection rule (Sigma
    /// tags): with it, an entity's techniques that rules usually see (T1059, T1547) get more of the base weight than
    /// ones they rarely do (T1583 Acquire Infrastructure).
    /// </summary>
    public static AttackEntityIndex Build(AttackCollection attack, IReadOnlyDictionary<string, int>? detectable = null)
    {
        var maxCount = detectable is { Count: > 0 } ? detectable.Values.Max() : 0;
        var common = CommonWords(attack);
        var candidates = attack.Groups.Where(g => g.IsActive).Select(g => ((AttackObject)g, "group", g.Aliases))
            .Concat(attack.Software.Where(s => s.IsActive).Select(s => ((AttackObject)s, s.Kind == SoftwareKind.Malware ? "malware" : "tool", s.Aliases)))
            .Concat(attack.Campaigns.Where(c => c.IsActive).Select(c => ((AttackObject)c, "campaign", c.Aliases)));
        var entities = new List<Entity>();
        var byFirst = new Dictionary<string, List<(string[], int)>>(StringComparer.Ordinal);
        var documents = new List<HashSet<string>>();
        foreach (var (obj, kind, aliases) in candidates)
        {
            var uses = new Dictionary<string, (List<string> Texts, Technique Technique)>(StringComparer.Ordinal);
            foreach (var use in attack.TechniquesUsedBy(obj))
            {
                var t = use.Technique;
                if (!uses.TryGetValue(t.AttackId, out var entry))
                {
                    uses[t.AttackId] = entry = ([], t);
                }

                entry.Texts.Add(TrainingCorpus.CleanProse(use.Description));
            }

            var names = aliases.Prepend(obj.Name).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(n => (Name: n, Tokens: NameTokens(n))).Where(n => Matchable(n.Tokens, common)).ToList();
            if (uses.Count == 0 || names.Count == 0)
            {
                continue;
            }

            var nameWords = names.SelectMany(n => TextFeatures.Tokens(n.Name, normalise: true)).ToHashSet(StringComparer.Ordinal);
            var useList = uses.Select(u =>
            {
                var parent = u.Value.Technique.IsSubtechnique ? attack.FindTechnique(u.Key[..5]) : null;
                var techniqueName = parent is null ? u.Value.Technique.Name : parent.Name + ": " + u.Value.Technique.Name;
                var words = TextFeatures.Tokens(techniqueName + ". " + string.Join(" ", u.Value.Texts), normalise: true).ToHashSet(StringComparer.Ordinal);
                words.ExceptWith(nameWords);
                documents.Add(words);
                var quote = u.Value.Texts.FirstOrDefault(x => x.Length > 0) ?? "";
                var reason = $"{obj.Name} ({obj.AttackId}, ATT&CK {kind}) is known to use {u.Key} {techniqueName}"
                    + (quote.Length == 0 ? "" : $": \"{(quote.Length > 140 ? quote[..140] + "…" : quote)}\"");
                var detectability = maxCount == 0 ? 1f : MathF.Log(1 + detectable!.GetValueOrDefault(u.Key[..5])) / MathF.Log(1 + maxCount);
                return (Use: new Use(u.Key, reason, detectability), Words: words);
            }).OrderBy(u => u.Use.TechniqueId, StringComparer.Ordinal).ToArray();
            var usesByWord = useList.SelectMany((u, i) => u.Words.Select(w => (Word: w, Use: i)))
                .GroupBy(x => x.Word, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Use).ToArray(), StringComparer.Ordinal);
            var index = entities.Count;
            entities.Add(new Entity(obj.AttackId, obj.Name, kind, nameWords, useList.Select(u => u.Use).ToArray(), usesByWord));
            foreach (var (_, tokens) in names)
            {
                if (!byFirst.TryGetValue(tokens[0], out var list))
                {
                    byFirst[tokens[0]] = list = [];
                }

                list.Add((tokens, index));
            }
        }

        foreach (var list in byFirst.Values)
        {
            list.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        }

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            foreach (var w in doc)
            {
                df[w] = df.GetValueOrDefault(w) + 1;
            }
        }

        var idf = df.ToDictionary(kv => kv.Key, kv => MathF.Log((documents.Count + 1f) / (kv.Value + 1f)) + 1f, StringComparer.Ordinal);
        return new AttackEntityIndex(entities.ToArray(), byFirst, idf);
    }

    /// <summary>A copy with other evidence weights (model selection).</summary>
    public AttackEntityIndex With(float baseWeight, float matchWeight, int maxTechniques, bool includeTools = true) =>
        new(_entities, _byFirstToken, _idf) { BaseWeight = baseWeight, MatchWeight = matchWeight, MaxTechniques = maxTechniques, IncludeTools = includeTools };

    /// <summary>
    /// Entities named in <paramref name="title"/> (longest name first, at most three) and, for each technique they use,
    /// evidence weighted by <see cref="BaseWeight"/> plus <see cref="MatchWeight"/> times the IDF-weighted share of the
    /// title's remaining words that appear in the procedure examples.
    /// </summary>
    public void Find(string title, List<AlertPart> parts, List<RuleEvidence> evidence)
    {
        if (_entities.Length == 0)
        {
            return;
        }

        var text = title.Length > 512 ? title[..512] : title;
        if (!AnyFirstToken(text))
        {
            return;
        }

        var tokens = NameTokens(text);
        List<int>? found = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!_byFirstToken.TryGetValue(tokens[i], out var names))
            {
                continue;
            }

            foreach (var (name, entity) in names)
            {
                if (i + name.Length <= tokens.Length && name.AsSpan().SequenceEqual(tokens.AsSpan(i, name.Length))
                    && (IncludeTools || _entities[entity].Kind != "tool"))
                {
                    found ??= [];
                    if (!found.Contains(entity) && found.Count < MaxEntitiesPerAlert)
                    {
                        found.Add(entity);
                    }

                    i += name.Length - 1;
                    break;
                }
            }
        }

        if (found is null)
        {
            return;
        }

        var words = TextFeatures.Tokens(text, normalise: true);
        var scored = new List<(Use Use, float Weight)>(64);
        var most = found.Max(e => _entities[e].Uses.Length);
        Span<float> buffer = most <= 256 ? stackalloc float[256] : new float[most];
        foreach (var entity in found.Select(e => _entities[e]))
        {
            parts.Add(entity.Part);
            var rest = new List<(string Word, float Idf)>(words.Count);
            var total = 0f;
            foreach (var w in words)
            {
                if (!entity.NameWords.Contains(w) && !GenericWords.Contains(w) && !rest.Exists(r => r.Word == w))
                {
                    var idf = _idf.GetValueOrDefault(w, MaxIdf);
                    rest.Add((w, idf));
                    total += idf;
                }
            }

            // Evidence goes to the technique family (T1059, not T1059.003): which sub-technique a given alert shows is
            // rarely the one a procedure example happened to record, and the mapper refines a parent to the
            // sub-technique its model ranks best. Uses are sorted by ID, so a family's members are adjacent.
            // Each use's matched share, summed in the title's word order.
            var matches = buffer[..entity.Uses.Length];
            matches.Clear();
            foreach (var (w, idf) in rest)
            {
                if (entity.UsesByWord.TryGetValue(w, out var uses))
                {
                    foreach (var u in uses)
                    {
                        matches[u] += idf;
                    }
                }
            }

            scored.Clear();
            for (var u = 0; u < entity.Uses.Length; u++)
            {
                var use = entity.Uses[u];
                var match = matches[u];

                var weight = BaseWeight * use.Detectability + (total > 0 ? MatchWeight * match / total : 0);
                if (scored.Count > 0 && string.CompareOrdinal(scored[^1].Use.TechniqueId, 0, use.TechniqueId, 0, 5) == 0)
                {
                    if (weight > scored[^1].Weight)
                    {
                        scored[^1] = (use, weight);
                    }
                }
                else
                {
                    scored.Add((use, weight));
                }
            }

            scored.Sort((a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Use.TechniqueId, b.Use.TechniqueId));
            for (var i = 0; i < scored.Count && i < MaxTechniques; i++)
            {
                evidence.Add(new RuleEvidence(scored[i].Use.Family, scored[i].Weight, scored[i].Use.Reason, "attack"));
            }
        }
    }

    private const float MaxIdf = 8f;

    // Stemmed words of entity titles that say nothing about the technique ("Potential X Malware Activity").
    private static readonly HashSet<string> GenericWords = new(TextFeatures.Tokens(
        "malware ransomware backdoor trojan rat apt group actor campaign threat indicators indicator ioc iocs artefacts artifacts pattern patterns characteristics " +
        "activity activities detection detected potential possible suspicious execution", normalise: false), StringComparer.Ordinal);

    // Most titles name no entity: test each word against the first words of all names without allocating.
    private bool AnyFirstToken(string text)
    {
        var lookup = _byFirstToken.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[64];
        foreach (var (start, length) in Words.Runs(text))
        {
            var word = text.AsSpan(start, length);
            if (word.Length <= lower.Length && lookup.ContainsKey(lower[..word.ToLowerInvariant(lower)]))
            {
                return true;
            }
        }

        return false;
    }

    // Lower-case alphanumeric runs: "Emissary Panda" → [emissary, panda], "APT29" → [apt29], "Net.EXE" → [net, exe].
    private static string[] NameTokens(string text) => Words.LowerCase(text).ToArray();

    private static bool Matchable(string[] tokens, HashSet<string> common) =>
        tokens.Length > 1
            ? tokens.Sum(t => t.Length) >= MinNameLength
            : tokens.Length == 1 && tokens[0].Length >= MinNameLength && !common.Contains(tokens[0]);

    // Words written in lower case in technique descriptions at least a few times are ordinary words ("ping", "expand")
    // rather than names: a one-word name equal to one of them is not matched.
    private static HashSet<string> CommonWords(AttackCollection attack)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in attack.Techniques.Where(t => t.IsActive))
        {
            foreach (Match m in LowerWord().Matches(t.Description))
            {
                counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
            }
        }

        return counts.Where(kv => kv.Value >= CommonWordLimit).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }
}
