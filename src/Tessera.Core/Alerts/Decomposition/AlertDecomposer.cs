using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Core.Alerts.Decomposition;

/// <summary>
/// Splits an alert into parts (prefix, product, component, location, activity, indicators), gives them
/// connotations and turns them into technique evidence: a public-facing product being exploited implies
/// T1190, a CVE implies the techniques CTID mapped it to. Thread-safe; build once and share.
/// </summary>
public sealed partial class AlertDecomposer
{
    private readonly KevMappings _kev;
    private readonly ProductIndex _products;
    private readonly AttackEntityIndex _entities;

    /// <summary>
    /// Creates a decomposer; <paramref name="kev"/> supplies CVE evidence and KEV product names (use <see cref="KevMappings.Empty"/>
    /// for none), <paramref name="entities"/> the ATT&amp;CK groups and software an alert may name (none when null).
    /// </summary>
    public AlertDecomposer(KevMappings kev, AttackEntityIndex? entities = null)
    {
        _kev = kev;
        _products = new ProductIndex(kev);
        _entities = entities ?? AttackEntityIndex.Empty;
    }

    /// <summary>Same KEV and product knowledge with another entity index (model selection).</summary>
    public AlertDecomposer WithEntities(AttackEntityIndex entities) => new(_kev, entities);

    // Evidence weight of a CVE's CTID exploitation technique (impact mappings count less: they follow the exploit).
    private const float ExploitationWeight = 0.5f;

    [GeneratedRegex(@"\bCVE-(\d{4})-(\d{4,7})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cve();

    // An ATT&CK technique ID written into the alert text by the rule author ("T1059.001 - PowerShell …", "attack.t1003.001").
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:attack\.)?[Tt](1\d{3})(?:\.(\d{3}))?(?![\d.])")]
    private static partial Regex TechniqueMention();

    [GeneratedRegex(@"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"\b(?:[a-z0-9-]{1,63}\.)+(?:com|net|org|io|ru|cn|info|biz|xyz|top|onion|local|gov|edu|co|me|sh|dev|app|site|online)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Domain();

    [GeneratedRegex(@"\bhttps?://[^\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w.])(/[A-Za-z0-9_.\-~%]+){1,12}/?(\?[^\s""'<>]*)?")]
    private static partial Regex UrlPath();

    [GeneratedRegex(@"\b[\w\-]+\.(?:exe|dll|ps1|psm1|bat|cmd|vbs|js|jse|hta|sh|py|jar|lnk|scr|msi|docm|xlsm|doc|xls|iso|zip|sys|php|jsp|aspx|asp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();

    [GeneratedRegex(@"\b(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hash();

    [GeneratedRegex(@"\b(?:HKLM|HKCU|HKU|HKCR|HKEY_[A-Z_]+)\\[^\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Registry();

    [GeneratedRegex(@"\bport\s+(\d{1,5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PortWord();

    [GeneratedRegex(@"\b(https?|dns|smb|rdp|ssh|ftp|ldap|smtp|imap|pop3|tls|ssl|icmp|kerberos|ntlm|snmp|sip|mssql|mysql|rpc|dcerpc|winrm|telnet|vnc)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Protocol();

    [GeneratedRegex(@"^(?:ET|ETPRO|GPL|SURICATA|ET\s+PRO)\s+([A-Z_]+)\b")]
    private static partial Regex EtPrefix();

    [GeneratedRegex(@"^(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Za-z]+_[A-Za-z0-9_]+|(?i:route\w*|widget\w*|endpoint|servlet|ajax\w*|upload\w*|admin\w*))$")]
    private static partial Regex ComponentWord();

    /// <summary>Decomposes an alert (title, description and selected fields); never throws for odd text.</summary>
    public AlertParts Decompose(Alert alert)
    {
        var title = alert.Title;
        var text = alert.Description.Length > 0 ? title + " \n " + alert.Description : title;
        var evidence = new List<RuleEvidence>();

        var prefixes = new List<AlertPart>();
        var exploitContext = false;
        if (EtPrefix().Match(title) is { Success: true } pm)
        {
            var category = pm.Groups[1].Value;
            foreach (var rule in ConnotationDictionary.Prefixes)
            {
                if (category == rule.Prefix)
                {
                    var display = pm.Value.Trim();
                    prefixes.Add(new AlertPart(display, rule.Connotation));
                    exploitContext |= rule.Prefix is "EXPLOIT" or "WEB_SPECIFIC_APPS" or "WEB_SERVER";
                    evidence.AddRange(rule.Techniques.Select(t => new RuleEvidence(t.Id, t.Weight, $"'{display}' prefix → {rule.Connotation}", "rule")));
                    break;
                }
            }
        }

        var activities = new List<AlertPart>();
        foreach (var rule in ConnotationDictionary.Activities)
        {
            Match m;
            try
            {
                m = rule.Pattern.Match(text);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (m.Success)
            {
                activities.Add(new AlertPart(rule.Name, rule.Connotation));
                exploitContext |= rule.Name is "remote code execution" or "exploitation" or "SQL injection" or "command injection"
                    or "path traversal / file inclusion" or "injection in application logic" or "authentication bypass";
                evidence.AddRange(rule.Techniques.Select(t => new RuleEvidence(t.Id, t.Weight, $"activity '{m.Value.Trim()}' → {rule.Name}: {rule.Connotation}", "rule")));
            }
        }

        var products = FindProducts(title);
        foreach (var product in products)
        {
            if (!exploitContext)
            {
                continue;
            }

            if (ConnotationDictionary.IsPublicFacing(product.Connotation))
            {
                evidence.Add(new RuleEvidence("T1190", 0.45f,
                    $"{product.Name} is a {product.Connotation}; exploiting it is Exploit Public-Facing Application", "rule"));
            }
            else if (product.Connotation.StartsWith("client", StringComparison.Ordinal) || product.Connotation.Contains("browser", StringComparison.Ordinal))
            {
                evidence.Add(new RuleEvidence("T1203", 0.3f, $"{product.Name} is a {product.Connotation}; exploiting it is Exploitation for Client Execution", "rule"));
            }
            else if (product.Connotation.StartsWith("local", StringComparison.Ordinal))
            {
                evidence.Add(new RuleEvidence("T1068", 0.3f, $"{product.Name} is a {product.Connotation}; exploiting it is Exploitation for Privilege Escalation", "rule"));
            }
        }

        var threats = new List<AlertPart>();
        _entities.Find(title, threats, evidence);

        var indicators = new List<Indicator>();
        var mapped = false;
        foreach (Match m in Mentions(text, "cve-") ? (IEnumerable<Match>)Cve().Matches(text) : NoMatches)
        {
            var cve = m.Value.ToUpperInvariant();
            if (indicators.Any(i => i.Value == cve))
            {
                continue;
            }

            indicators.Add(new Indicator("cve", cve));
            var rows = _kev.For(cve);
            mapped |= rows.Count > 0;
            foreach (var k in rows.DistinctBy(k => (k.TechniqueId, k.MappingType)))
            {
                var weight = k.MappingType switch { "exploitation_technique" => ExploitationWeight, "primary_impact" => 0.15f, "secondary_impact" => 0.1f, _ => 0.05f };
                var what = k.Description.Length > 0 ? $" ('{k.Description}')" : "";
                evidence.Add(new RuleEvidence(k.TechniqueId, weight, $"{cve}{what} → {k.TechniqueId} as {k.MappingType.Replace('_', ' ')} ({k.Origin})", "kev"));
            }
        }

        // A CVE the CTID files do not map still says "something was exploited": how mapped CVEs were exploited is the
        // best prior there is (mostly public-facing applications), weighted by its share so the title's own words
        // ("LPE", "Office", "RDP") still decide when they speak.
        if (!mapped && indicators.FirstOrDefault(i => i.Kind == "cve") is { Value: var unmapped })
        {
            foreach (var share in _kev.ExploitationShares)
            {
                evidence.Add(new RuleEvidence(share.TechniqueId, (float)(ExploitationWeight * share.Share),
                    $"{unmapped} has no CTID mapping; {share.TechniqueId} is how {share.Share * 100:F0} % of the {_kev.ExploitedCves} CVEs CTID maps were exploited", "kev"));
            }
        }

        foreach (Match m in Mentions(text, "t1") ? (IEnumerable<Match>)TechniqueMention().Matches(text) : NoMatches)
        {
            var id = "T" + m.Groups[1].Value + (m.Groups[2].Success ? "." + m.Groups[2].Value : "");
            if (Attack.TechniqueId.TryParse(id, out _) && indicators.All(i => i.Value != id))
            {
                indicators.Add(new Indicator("technique", id));
                evidence.Add(new RuleEvidence(id, 1.0f, $"the alert text names the technique ID {id}", "rule"));
            }
        }

        // Cheap character tests first: most titles hold no indicator, and each regex scan costs more than the test.
        var dotted = text.Contains('.');
        if (Mentions(text, "http"))
        {
            AddAll(indicators, "url", Url().Matches(text));
        }

        if (dotted)
        {
            AddAll(indicators, "ip", Ipv4().Matches(text));
            AddAll(indicators, "domain", Domain().Matches(text).Where(m => !FileName().IsMatch(m.Value)));
            AddAll(indicators, "file", FileName().Matches(text));
        }

        if (text.Length >= 32)
        {
            AddAll(indicators, "hash", Hash().Matches(text));
        }

        if (text.Contains('\\'))
        {
            AddAll(indicators, "registry", Registry().Matches(text));
        }

        foreach (var (field, kind) in IndicatorFields)
        {
            if (alert.Fields.TryGetValue(field, out var value) && value.Length > 0 && indicators.All(i => i.Value != value))
            {
                indicators.Add(new Indicator(kind, value.Length > 512 ? value[..512] : value));
            }
        }

        var location = Locate(alert, title);
        foreach (var p in location.Ports)
        {
            indicators.Add(new Indicator("port", p.ToString(CultureInfo.InvariantCulture)));
        }

        return new AlertParts
        {
            Prefixes = prefixes,
            Products = products,
            Components = FindComponents(title, products),
            Activities = activities,
            Threats = threats,
            Platforms = FindPlatforms(title),
            Location = location,
            Indicators = indicators,
            Evidence = evidence,
        };
    }

    private static readonly IEnumerable<Match> NoMatches = [];

    // Title only: descriptions mention cloud services in passing ("unlike on AWS …").
    private static List<AlertPart> FindPlatforms(string title)
    {
        var found = new List<AlertPart>();
        if (!Matches(ConnotationDictionary.AnyPlatformWord, title))
        {
            return found;
        }

        var words = Matches(ConnotationDictionary.EndpointCues, title)
            ? ConnotationDictionary.OsWords
            : ConnotationDictionary.OsWords.Concat(ConnotationDictionary.PlatformWords);
        foreach (var (pattern, name, platforms) in words)
        {
            if (Matches(pattern, title))
            {
                found.Add(new AlertPart(name, string.Join(", ", platforms)));
            }
        }

        return found;
    }

    // A pathological title fails one word list rather than stalling the mapper.
    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);

    // Fields of the supported shapes that carry observables worth listing.
    private static readonly (string Field, string Kind)[] IndicatorFields =
    [
        ("src_ip", "ip"), ("dest_ip", "ip"), ("data.srcip", "ip"), ("source.ip", "ip"), ("destination.ip", "ip"),
        ("http.hostname", "domain"), ("url.domain", "domain"), ("dns.question.name", "domain"),
        ("process.name", "process"), ("process.command_line", "command-line"), ("process.executable", "file"),
        ("process.hash.sha256", "hash"), ("file.hash.sha256", "hash"), ("registry.path", "registry"),
    ];

    private static void AddAll(List<Indicator> into, string kind, IEnumerable<Match> matches)
    {
        foreach (var m in matches)
        {
            if (into.All(i => i.Value != m.Value))
            {
                into.Add(new Indicator(kind, m.Value));
            }
        }
    }

    private List<AlertPart> FindProducts(string title)
    {
        var words = title.Split([' ', '\t', ',', ';', '(', ')', '[', ']', '"', '\''], StringSplitOptions.RemoveEmptyEntries);
        var found = new List<AlertPart>();
        for (var i = 0; i < words.Length && i < 64; i++)
        {
            if (!_products.StartsAny(words[i]))
            {
                continue;
            }

            // Longest phrase first so "Apache Struts" beats "Apache".
            for (var n = Math.Min(_products.MaxWords, words.Length - i); n >= 1; n--)
            {
                if (_products.Find(string.Join(' ', words, i, n)) is { } part)
                {
                    if (found.All(f => !f.Name.Contains(part.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add(part);
                    }

                    i += n - 1;
                    break;
                }
            }
        }

        return found;
    }

    private static List<string> FindComponents(string title, List<AlertPart> products)
    {
        var components = new List<string>();
        foreach (var word in title.Split([' ', '\t', '/', '?', '&', '=', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Take(64))
        {
            var w = word.Trim('.', ':', '-', '"', '\'');
            if (w.Length >= 4 && ComponentWord().IsMatch(w) && !products.Any(p => p.Name.Contains(w, StringComparison.OrdinalIgnoreCase))
                && !components.Contains(w, StringComparer.OrdinalIgnoreCase))
            {
                components.Add(w);
            }
        }

        return components;
    }

    private static AlertLocation Locate(Alert alert, string title)
    {
        var protocols = new List<string>();
        foreach (var key in new[] { "app_proto", "proto", "network.protocol", "network.transport" })
        {
            if (alert.Fields.TryGetValue(key, out var p) && p.Length is > 0 and < 32)
            {
                protocols.Add(p.ToLowerInvariant());
            }
        }

        foreach (Match m in Protocol().Matches(title))
        {
            protocols.Add(m.Value.ToLowerInvariant());
        }

        var paths = new List<string>();
        foreach (var key in new[] { "http.url", "url.path", "url.original", "data.url" })
        {
            if (alert.Fields.TryGetValue(key, out var u) && u.Length > 0)
            {
                paths.Add(u.Length > 512 ? u[..512] : u);
            }
        }

        foreach (Match m in title.Contains('/') ? (IEnumerable<Match>)UrlPath().Matches(title) : NoMatches)
        {
            if (m.Value.Length > 2)
            {
                paths.Add(m.Value);
            }
        }

        var ports = new List<int>();
        foreach (var key in new[] { "dest_port", "destination.port", "data.dstport", "dst_port" })
        {
            if (alert.Fields.TryGetValue(key, out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
            {
                ports.Add(port);
            }
        }

        foreach (Match m in Mentions(title, "port") ? (IEnumerable<Match>)PortWord().Matches(title) : NoMatches)
        {
            if (int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
            {
                ports.Add(port);
            }
        }

        return new AlertLocation { Protocols = protocols.Distinct().ToList(), Paths = paths.Distinct().ToList(), Ports = ports.Distinct().ToList() };
    }

    /// <summary>A one-paragraph plain-language reading of the parts, e.g. "Exploitation attempt against vBulletin (a public-facing web application) …".</summary>
    public static string Summarize(Alert alert, AlertParts parts)
    {
        var sb = new StringBuilder();
        sb.Append(parts.Prefixes.Count > 0 ? Capitalise(parts.Prefixes[0].Connotation) : "Alert");
        if (parts.Products.Count > 0)
        {
            sb.Append(" against ").Append(string.Join(" and ", parts.Products.Select(p => $"{p.Name} ({p.Connotation})")));
        }

        if (parts.Components.Count > 0)
        {
            sb.Append(", component ").Append(string.Join(", ", parts.Components.Select(c => $"'{c}'")));
        }

        if (parts.Location.Protocols.Count > 0)
        {
            sb.Append(" over ").Append(string.Join("/", parts.Location.Protocols.Select(p => p.ToUpperInvariant())));
        }

        sb.Append('.');
        var activities = parts.Activities.Where(a => a.Name != "exploitation" || parts.Activities.Count == 1).ToList();
        if (activities.Count > 0)
        {
            sb.Append(" Activity: ").Append(string.Join("; ", activities.Select(a => $"{a.Name} ({a.Connotation})"))).Append('.');
        }

        if (parts.Threats.Count > 0)
        {
            sb.Append(" Names ").Append(string.Join(" and ", parts.Threats.Select(t => $"{t.Name} ({t.Connotation})"))).Append('.');
        }

        if (parts.Platforms.Count > 0)
        {
            sb.Append(" Platform: ").Append(string.Join(" and ", parts.Platforms.Select(p => $"{p.Name} ({p.Connotation})"))).Append('.');
        }

        var cves = parts.Indicators.Where(i => i.Kind == "cve").Select(i => i.Value).ToList();
        if (cves.Count > 0)
        {
            sb.Append(" Vulnerability: ").Append(string.Join(", ", cves)).Append('.');
        }

        var others = parts.Indicators.Where(i => i.Kind is not ("cve" or "port")).Take(5).ToList();
        if (others.Count > 0)
        {
            sb.Append(" Indicators: ").Append(string.Join(", ", others.Select(i => $"{i.Kind} {i.Value}"))).Append('.');
        }

        if (sb.Length < 10)
        {
            sb.Append(' ').Append(alert.Source).Append(" alert.");
        }

        return sb.ToString();
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
