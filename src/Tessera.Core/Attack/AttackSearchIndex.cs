using System.Numerics;
using Tessera.Core.Text;

namespace Tessera.Core.Attack;

/// <summary>
/// Typo-tolerant name, alias and ID search over a collection's active techniques, tactics, groups,
/// software, campaigns and mitigations. Names are pre-tokenised with a per-token character bitmask, so
/// most candidates are rejected without computing an edit distance; a query costs tens of microseconds.
/// </summary>
internal sealed class AttackSearchIndex
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "a", "an", "and", "of", "or", "the", "to", "for", "via", "in", "on", "with" };

    private readonly List<Entry> _entries = [];
    private readonly List<AttackObject> _byId;

    public AttackSearchIndex(AttackCollection collection, IReadOnlyDictionary<string, Technique> parentOf)
    {
        IEnumerable<AttackObject> searchable = [.. collection.Techniques, .. collection.Tactics, .. collection.Groups,
            .. collection.Software, .. collection.Campaigns, .. collection.Mitigations];
        foreach (var obj in searchable)
        {
            Add(obj, obj.Name, isAlias: false);
            foreach (var alias in AliasesOf(obj).Where(a => !a.Equals(obj.Name, StringComparison.OrdinalIgnoreCase)))
            {
                Add(obj, alias, isAlias: true);
            }

            // Sub-techniques are often named with their parent ("Scheduled Task/Job: Cron").
            if (obj is Technique { IsSubtechnique: true } sub && parentOf.TryGetValue(sub.StixId, out var parent))
            {
                Add(obj, parent.Name + ": " + sub.Name, isAlias: true);
            }
        }

        _byId = searchable.Where(o => o.AttackId.Length > 0).OrderBy(o => o.AttackId, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public IReadOnlyList<SearchHit> Search(string query, int limit, Func<AttackObject, bool> include)
    {
        if (string.IsNullOrWhiteSpace(query) || limit <= 0)
        {
            return [];
        }

        var best = new Dictionary<AttackObject, SearchHit>(ReferenceEqualityComparer.Instance);
        MatchIds(query.Trim(), include, best);
        if (best.Count > 0)
        {
            return Rank(best.Values, limit); // an ID-shaped query that hits IDs is not also a name
        }

        var tokens = Words.LowerCase(query);
        var meaningful = tokens.Where(t => !StopWords.Contains(t)).ToList();
        var queryTokens = (meaningful.Count > 0 ? meaningful : tokens).Select(t => new Token(t)).ToArray();
        var normalizedQuery = string.Join(' ', tokens);
        if (queryTokens.Length > 0)
        {
            foreach (var entry in _entries)
            {
                if (!include(entry.Object))
                {
                    continue;
                }

                var score = Score(queryTokens, normalizedQuery, entry);
                if (score > 0 && (!best.TryGetValue(entry.Object, out var hit) || hit.Score < score))
                {
                    best[entry.Object] = new SearchHit(entry.Object, score, entry.Text);
                }
            }
        }

        return Rank(best.Values, limit);
    }

    private static List<SearchHit> Rank(IEnumerable<SearchHit> hits, int limit) =>
        hits
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Object is Technique ? 0 : 1)
            .ThenBy(h => h.Object.Name.Length)
            .ThenBy(h => h.Object.AttackId, StringComparer.Ordinal)
            .Take(limit)
            .ToList();

    private void MatchIds(string query, Func<AttackObject, bool> include, Dictionary<AttackObject, SearchHit> best)
    {
        if (query.Length < 2 || !char.IsLetter(query[0]) || !query.Any(char.IsDigit) || query.Contains(' '))
        {
            return;
        }

        // _byId is sorted, so every ID with this prefix sits in one run after the first match.
        var start = _byId.BinarySearch(null!, new PrefixFinder(query));
        for (var i = start < 0 ? ~start : start; i < _byId.Count && _byId[i].AttackId.StartsWith(query, StringComparison.OrdinalIgnoreCase); i++)
        {
            var obj = _byId[i];
            if (include(obj))
            {
                // Exact ID first, then children by how little they add (T1059 before T1059.001).
                var score = obj.AttackId.Length == query.Length ? 3.0 : 2.0 - 0.001 * (obj.AttackId.Length - query.Length);
                best[obj] = new SearchHit(obj, score, obj.AttackId);
            }
        }
    }

    private static double Score(Token[] query, string normalizedQuery, in Entry entry)
    {
        double total = 0;
        var used = 0UL;
        foreach (var q in query)
        {
            double bestToken = 0;
            var bestIndex = -1;
            for (var i = 0; i < entry.Tokens.Length; i++)
            {
                var s = TokenScore(q, entry.Tokens[i]);
                if (s > bestToken)
                {
                    bestToken = s;
                    bestIndex = i;
                }
            }

            if (bestToken <= 0)
            {
                return 0; // every query word must match something
            }

            total += bestToken;
            used |= 1UL << Math.Min(bestIndex, 63);
        }

        var score = total / query.Length;
        score += 0.1 * BitOperations.PopCount(used) / entry.Tokens.Length; // prefer names the query covers
        if (entry.Normalized == normalizedQuery)
        {
            score += 0.3;
        }

        return entry.IsAlias ? score - 0.05 : score;
    }

    private static double TokenScore(in Token q, in Token c)
    {
        if (c.Text == q.Text)
        {
            return 1.0;
        }

        if (c.Text.StartsWith(q.Text, StringComparison.Ordinal))
        {
            return 0.85 + 0.1 * q.Text.Length / c.Text.Length;
        }

        // Typos allowed grow with word length; short words must match exactly or by prefix.
        var k = q.Text.Length <= 3 ? 0 : q.Text.Length <= 6 ? 1 : 2;
        if (k == 0 || BitOperations.PopCount(q.Mask & ~c.Mask) > k)
        {
            return 0;
        }

        if (Math.Abs(c.Text.Length - q.Text.Length) <= k && Distance(q.Text, c.Text, k) is var d && d <= k)
        {
            return 0.7 - 0.1 * d;
        }

        if (c.Text.Length > q.Text.Length
            && Distance(q.Text, c.Text.AsSpan(0, Math.Min(c.Text.Length, q.Text.Length + k)), k, toAnyPrefix: true) is var p && p <= k)
        {
            return 0.6 - 0.1 * p; // still typing, with a typo
        }

        return 0;
    }

    /// <summary>
    /// Optimal-string-alignment distance (adjacent swaps count once) from <paramref name="a"/> to <paramref name="b"/>,
    /// or to the closest prefix of <paramref name="b"/> when <paramref name="toAnyPrefix"/> (the DP's last row holds
    /// every prefix's distance, so one pass suffices); k+1 once it must exceed <paramref name="k"/>.
    /// </summary>
    private static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int k, bool toAnyPrefix = false)
    {
        if (b.Length > 64 || a.Length > 64)
        {
            return k + 1;
        }

        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > k)
            {
                return k + 1;
            }

            var recycled = prev2;
            prev2 = prev;
            prev = cur;
            cur = recycled;
        }

        if (!toAnyPrefix)
        {
            return prev[b.Length];
        }

        var best = k + 1;
        for (var j = Math.Max(1, a.Length - k); j <= b.Length; j++)
        {
            best = Math.Min(best, prev[j]);
        }

        return best;
    }

    private void Add(AttackObject obj, string text, bool isAlias)
    {
        var tokens = Words.LowerCase(text);
        if (tokens.Count > 0)
        {
            _entries.Add(new Entry(obj, text, string.Join(' ', tokens), tokens.Select(t => new Token(t)).ToArray(), isAlias));
        }
    }

    private static IEnumerable<string> AliasesOf(AttackObject obj) => obj switch
    {
        Group g => g.Aliases,
        Software s => s.Aliases,
        Campaign c => c.Aliases,
        _ => [],
    };

    private readonly record struct Entry(AttackObject Object, string Text, string Normalized, Token[] Tokens, bool IsAlias);

    /// <summary>A lower-case word and a bitmask of which of a–z and 0–9 it contains.</summary>
    private readonly record struct Token
    {
        public Token(string text)
        {
            Text = text;
            foreach (var ch in text)
            {
                Mask |= ch switch
                {
                    >= 'a' and <= 'z' => 1UL << (ch - 'a'),
                    >= '0' and <= '9' => 1UL << (26 + ch - '0'),
                    _ => 1UL << 63,
                };
            }
        }

        public string Text { get; }
        public ulong Mask { get; }
    }

    /// <summary>
    /// Used by List.BinarySearch, which passes each list element as <c>x</c> and the (null) probe as <c>y</c>:
    /// an element whose ID starts with the prefix compares as greater, so the search ends on the first of them.
    /// </summary>
    private sealed class PrefixFinder(string prefix) : IComparer<AttackObject>
    {
        public int Compare(AttackObject? x, AttackObject? y)
        {
            var cmp = string.Compare(x!.AttackId, 0, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase);
            return cmp != 0 ? cmp : 1;
        }
    }
}
