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

    /// <summary>
    /// Lower-cased, stemmed word tokens without stop words or bare numbers. With <paramref name="normalise"/>,
    /// CamelCase words also yield their parts ("GetProcAddress" → getprocaddress get proc address), abbreviations
    /// yield their spelled-out words, and title boilerplate ("Activity", "Detected") is dropped.
    /// </summary>
    public static List<string> Tokens(string text, bool normalise = false)
    {
        var tokens = new List<string>();
        var span = text.AsSpan();
        Span<char> buffer = stackalloc char[64];
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

            var token = Stem(buffer[..length]);
            if (StopWords.Contains(token) || (normalise && TitleStopWords.Contains(token)))
            {
                continue;
            }

            tokens.Add(token);
            if (normalise)
            {
                AddCamelParts(span.Slice(start, length), tokens);
                if (Expansions.TryGetValue(token, out var words))
                {
                    tokens.AddRange(words);
                }
            }
        }

        return tokens;
    }

    // Parts start at an upper-case letter after a lower-case one, or at the last capital of a run before a lower-case
    // letter ("HTTPServer" → HTTP, Server); parts of one letter and words without inner capitals add nothing.
    private static void AddCamelParts(ReadOnlySpan<char> word, List<string> tokens)
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

            var stem = Stem(part[..(to - from)]);
            if (!StopWords.Contains(stem))
            {
                tokens.Add(stem);
            }
        }
    }

    private static string Stem(ReadOnlySpan<char> w)
    {
        // A few English suffixes, enough to join "injection/injected/inject" and "dumping/dump".
        if (w.Length > 6 && w.EndsWith("ations")) { return new string(w[..^6]); }
        if (w.Length > 5 && w.EndsWith("ation")) { return new string(w[..^5]); }
        if (w.Length > 5 && w.EndsWith("ions")) { return new string(w[..^4]); }
        if (w.Length > 5 && w.EndsWith("ing")) { return new string(w[..^3]); }
        if (w.Length > 4 && w.EndsWith("ion")) { return new string(w[..^3]); }
        if (w.Length > 4 && w.EndsWith("ed")) { return new string(w[..^2]); }
        if (w.Length > 4 && w.EndsWith("ies")) { return new string(w[..^3]) + "y"; }
        if (w.Length > 3 && w.EndsWith("s") && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is")) { return new string(w[..^1]); }
        return new string(w);
    }

    /// <summary>Adds weighted features of <paramref name="text"/> into <paramref name="into"/>; <paramref name="names"/> (optional) records readable names for explanations.</summary>
    public static void Extract(string text, Dictionary<int, float> into, float weight, bool charGrams, Dictionary<int, string>? names = null,
        bool normalise = false)
    {
        var tokens = Tokens(text, normalise);
        for (var i = 0; i < tokens.Count; i++)
        {
            var h = Hash('w', tokens[i]);
            Add(into, h, weight);
            names?.TryAdd(h, tokens[i]);
            if (i > 0)
            {
                var b = Hash('b', tokens[i - 1], tokens[i]);
                Add(into, b, weight * BigramWeight);
                names?.TryAdd(b, tokens[i - 1] + " " + tokens[i]);
            }

            if (charGrams && tokens[i].Length >= 5)
            {
                var t = tokens[i];
                for (var j = 0; j + 4 <= t.Length; j++)
                {
                    Add(into, Hash('c', t.AsSpan(j, 4)), weight * CharGramWeight);
                }
            }
        }
    }

    private static void Add(Dictionary<int, float> into, int key, float w)
    {
        into.TryGetValue(key, out var v);
        into[key] = v + w;
    }

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

    private static int Hash(char kind, string a, string b)
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
