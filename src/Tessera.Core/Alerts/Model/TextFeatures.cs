using System.Collections.Frozen;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Turns text into hashed sparse features: stemmed word unigrams, adjacent-word bigrams and (optionally)
/// character 4-grams of longer words, which tolerate spelling variants such as "Mimikatz"/"mimikatz.exe".
/// Features are 32-bit FNV-1a hashes of a kind prefix plus the text: no vocabulary has to be stored and
/// collisions among a few hundred thousand features are negligible.
/// </summary>
internal static class TextFeatures
{
    // Function words and alert boilerplate ("potential", "detects") that carry no technique signal.
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "by", "with", "via", "from", "is", "are", "be", "as",
        "at", "this", "that", "it", "its", "into", "than", "then", "these", "those", "such", "also", "other", "which", "when",
        "may", "can", "could", "has", "have", "had", "been", "was", "were", "will", "would", "not", "no", "all", "any", "more",
        "detects", "detect", "detection", "potential", "possible", "possibly", "suspicious", "rule", "alert", "some", "used",
        "using", "use", "uses", "an", "their", "they", "them", "there", "where", "what", "who", "how", "if", "but", "so",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Extra alert boilerplate, active only with normalisation: words that open most rule titles ("Potential X
    // Activity", "X Detected") and so say nothing about which technique X is.
    private static readonly FrozenSet<string> TitleStopWords = new[]
    {
        "activity", "detect", "observ", "usage", "anomal", "unusual", "susp", "generic", "behavior", "behaviour",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Abbreviations in rule titles and their spelled-out words as written in ATT&CK prose, keyed by the stemmed
    // token. The token itself is kept too; the expansion only adds the words that link it to technique texts.
    private static readonly FrozenDictionary<string, string[]> Expansions = new Dictionary<string, string[]>
    {
        ["ps"] = ["powershell"], ["ps1"] = ["powershell"], ["pwsh"] = ["powershell"], ["posh"] = ["powershell"],
        ["cmd"] = ["command"], ["rdp"] = ["remote", "desktop"], ["smb"] = ["share"], ["winrm"] = ["remote", "management"],
        ["wmi"] = ["windows", "management", "instrumentation"], ["wmic"] = ["wmi", "management", "instrumentation"],
        ["ldap"] = ["directory"], ["kerberos"] = ["ticket"], ["dns"] = ["domain"], ["uac"] = ["user", "account", "control"],
        ["lnk"] = ["shortcut"], ["c2"] = ["command", "control"], ["cnc"] = ["command", "control"], ["rat"] = ["remote", "access"],
        ["cred"] = ["credential"], ["creds"] = ["credential"], ["pwd"] = ["password"], ["passwd"] = ["password"],
        ["svc"] = ["service"], ["reg"] = ["registry"], ["schtask"] = ["schedul", "task"], ["sched"] = ["schedul"],
        ["vb"] = ["visual", "basic"], ["vbs"] = ["visual", "basic", "script"], ["js"] = ["javascript"], ["hta"] = ["html", "application"],
        ["b64"] = ["base64"], ["priv"] = ["privilege"], ["privesc"] = ["privilege", "escal"], ["exfil"] = ["exfiltr"],
        ["recon"] = ["reconnaissance", "discovery"], ["persist"] = ["persistence"], ["vuln"] = ["vulnerability"],
        ["rce"] = ["remote", "code", "execut", "exploit"], ["lpe"] = ["privilege", "escal"], ["sqli"] = ["sql", "inject"],
        ["xss"] = ["cross", "site", "script"], ["lfi"] = ["file", "inclus"], ["ssrf"] = ["request", "forgery"],
        ["bruteforce"] = ["brute", "force"], ["lsass"] = ["credential", "memory"], ["ntds"] = ["credential", "domain", "controller"],
        ["sam"] = ["credential"], ["mimikatz"] = ["credential"], ["av"] = ["antivirus"], ["edr"] = ["security", "tool"],
        ["ssh"] = ["secure", "shell"], ["ftp"] = ["file", "transfer"], ["http"] = ["web"], ["https"] = ["web"], ["url"] = ["web"],
        ["dll"] = ["library"], ["exe"] = ["executable"], ["msi"] = ["installer"], ["iso"] = ["image"], ["ntlm"] = ["hash"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const float BigramWeight = 0.7f;
    public const float CharGramWeight = 0.25f;

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleStopLookup = TitleStopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> ExpansionLookup =
        Expansions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Receives tokens as they are found; the span is only valid during the call.</summary>
    internal interface ITokenSink
    {
        void Token(ReadOnlySpan<char> token);
    }

    /// <summary>
    /// Lower-cased, stemmed word tokens without stop words or bare numbers. With <paramref name="normalise"/>,
    /// CamelCase words also yield their parts ("GetProcAddress" → getprocaddress get proc address), abbreviations
    /// yield their spelled-out words, and title boilerplate ("Activity", "Detected") is dropped.
    /// </summary>
    public static List<string> Tokens(string text, bool normalise = false)
    {
        var sink = new StringSink();
        Tokenize(text, normalise, sink);
        return sink.Tokens;
    }

    private sealed class StringSink : ITokenSink
    {
        public List<string> Tokens { get; } = [];

        public void Token(ReadOnlySpan<char> token) => Tokens.Add(new string(token));
    }

    /// <summary>The tokens of <see cref="Tokens"/>, streamed to <paramref name="sink"/> without allocating strings.</summary>
    internal static void Tokenize(ReadOnlySpan<char> span, bool normalise, ITokenSink sink)
    {
        Span<char> buffer = stackalloc char[64];
        Span<char> stem = stackalloc char[64];
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetterOrDigit(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && char.IsLetterOrDigit(span[i]))
            {
                i++;
            }

            var length = Math.Min(i - start, buffer.Length);
            if (length < 2)
            {
                continue;
            }

            var allDigits = true;
            for (var j = 0; j < length; j++)
            {
                var c = char.ToLowerInvariant(span[start + j]);
                buffer[j] = c;
                allDigits &= char.IsAsciiDigit(c);
            }

            if (allDigits)
            {
                continue;
            }

            var token = stem[..Stem(buffer[..length], stem)];
            if (StopLookup.Contains(token) || (normalise && TitleStopLookup.Contains(token)))
            {
                continue;
            }

            sink.Token(token);
            if (normalise)
            {
                AddCamelParts(span.Slice(start, length), sink);
                if (ExpansionLookup.TryGetValue(token, out var words))
                {
                    foreach (var w in words)
                    {
                        sink.Token(w);
                    }
                }
            }
        }
    }

    // Parts start at an upper-case letter after a lower-case one, or at the last capital of a run before a lower-case
    // letter ("HTTPServer" → HTTP, Server); parts of one letter and words without inner capitals add nothing.
    private static void AddCamelParts(ReadOnlySpan<char> word, ITokenSink sink)
    {
        Span<int> starts = stackalloc int[16];
        var count = 0;
        starts[count++] = 0;
        for (var i = 1; i < word.Length && count < starts.Length; i++)
        {
            var boundary = (char.IsUpper(word[i]) && char.IsLower(word[i - 1]))
                || (char.IsUpper(word[i]) && char.IsUpper(word[i - 1]) && i + 1 < word.Length && char.IsLower(word[i + 1]));
            if (boundary)
            {
                starts[count++] = i;
            }
        }

        if (count < 2)
        {
            return;
        }

        Span<char> part = stackalloc char[64];
        Span<char> stem = stackalloc char[64];
        for (var k = 0; k < count; k++)
        {
            var from = starts[k];
            var to = k + 1 < count ? starts[k + 1] : word.Length;
            if (to - from < 2)
            {
                continue;
            }

            for (var j = from; j < to; j++)
            {
                part[j - from] = char.ToLowerInvariant(word[j]);
            }

            var stemmed = stem[..Stem(part[..(to - from)], stem)];
            if (!StopLookup.Contains(stemmed))
            {
                sink.Token(stemmed);
            }
        }
    }

    // A few English suffixes, enough to join "injection/injected/inject" and "dumping/dump"; writes into dest, returns the length.
    private static int Stem(ReadOnlySpan<char> w, Span<char> dest)
    {
        var cut = w.Length > 6 && w.EndsWith("ations") ? 6
            : w.Length > 5 && w.EndsWith("ation") ? 5
            : w.Length > 5 && w.EndsWith("ions") ? 4
            : w.Length > 5 && w.EndsWith("ing") ? 3
            : w.Length > 4 && w.EndsWith("ion") ? 3
            : w.Length > 4 && w.EndsWith("ed") ? 2
            : w.Length > 4 && w.EndsWith("ies") ? 3
            : w.Length > 3 && w.EndsWith("s") && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is") ? 1
            : 0;
        var length = w.Length - cut;
        w[..length].CopyTo(dest);
        if (cut == 3 && w.EndsWith("ies"))
        {
            dest[length++] = 'y';
        }

        return length;
    }

    /// <summary>Adds weighted features of <paramref name="text"/> into <paramref name="into"/>; <paramref name="names"/> (optional) records readable names for explanations.</summary>
    public static void Extract(ReadOnlySpan<char> text, Dictionary<int, float> into, float weight, bool charGrams, Dictionary<int, string>? names = null,
        bool normalise = false)
    {
        var sink = new FeatureSink(into, weight, charGrams, names);
        Tokenize(text, normalise, sink);
    }

    // Unigram, bigram with the previous token, and character 4-grams of each token, hashed as they stream by.
    private sealed class FeatureSink(Dictionary<int, float> into, float weight, bool charGrams, Dictionary<int, string>? names) : ITokenSink
    {
        private readonly char[] _previous = new char[64];
        private int _previousLength = -1;

        public void Token(ReadOnlySpan<char> token)
        {
            var h = Hash('w', token);
            Add(into, h, weight);
            names?.TryAdd(h, new string(token));
            if (_previousLength >= 0)
            {
                var previous = _previous.AsSpan(0, _previousLength);
                var b = Hash('b', previous, token);
                Add(into, b, weight * BigramWeight);
                names?.TryAdd(b, string.Concat(previous, " ", token));
            }

            if (charGrams && token.Length >= 5)
            {
                for (var j = 0; j + 4 <= token.Length; j++)
                {
                    Add(into, Hash('c', token.Slice(j, 4)), weight * CharGramWeight);
                }
            }

            token.CopyTo(_previous);
            _previousLength = token.Length;
        }
    }

    private static void Add(Dictionary<int, float> into, int key, float w) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _) += w;

    internal static int Hash(char kind, ReadOnlySpan<char> text)
    {
        var h = 2166136261u;
        h = (h ^ kind) * 16777619u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)h;
    }

    private static int Hash(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var h = 2166136261u;
        h = (h ^ kind) * 16777619u;
        foreach (var c in a)
        {
            h = (h ^ c) * 16777619u;
        }

        h = (h ^ ' ') * 16777619u;
        foreach (var c in b)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)h;
    }
}
