using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Incidents;

/// <summary>Input checks shared by incident fields and evidence; each returns every problem found.</summary>
internal static partial class EvidenceRules
{
    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Cve();

    // The digests threat intel and EDRs give in hex (MD5 and imphash 32, SHA-1 40, SHA-224 56, SHA-256 64, SHA-384 96,
    // SHA-512 128; TLSH 70 or 72, with an optional "T1"), or an ssdeep fuzzy hash (blocksize:hash:hash).
    [GeneratedRegex(@"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}|(?:t1)?[0-9a-f]{70}|[0-9a-f]{72}|\d{1,10}:[0-9a-z/+]+:[0-9a-z/+]+)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FileHash();

    /// <summary>Required (unless not), at most <paramref name="max"/> characters, no control characters (line breaks and tabs allowed when <paramref name="multiLine"/>).</summary>
    public static void Text(List<IncidentError> errors, string field, string? value, int max, bool required = true, bool multiLine = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(IncidentError.Required(field));
            }
        }
        else if (value.Length > max)
        {
            errors.Add(IncidentError.TooLong(field, max));
        }
        else if ((multiLine ? PlainText.MultiLineProblem(field, value) : PlainText.OneLineProblem(field, value.Trim())) is { } problem)
        {
            errors.Add(new IncidentError("control-character", problem, field));
        }
    }

    public static void Techniques(List<IncidentError> errors, IReadOnlyList<string> techniques)
    {
        if (techniques.Count > IncidentLimits.MaxTechniquesPerEvidence)
        {
            errors.Add(new IncidentError("too-many", $"At most {IncidentLimits.MaxTechniquesPerEvidence} techniques per lookup or alert.", "techniques"));
            return;
        }

        for (var i = 0; i < techniques.Count; i++)
        {
            // Unknown but well-formed IDs (newer releases) are kept; only text that is no ID is refused.
            if (!TechniqueId.TryParse(techniques[i], out _))
            {
                errors.Add(new IncidentError("malformed-technique", $"'{techniques[i]}' is not a technique ID.", $"techniques[{i}]"));
            }
        }
    }

    /// <summary>
    /// URL observables name where something was fetched from or sent to over the network. Script and inline schemes
    /// (javascript:, data:, vbscript:) and local files are no network location, and a javascript: link is the one value
    /// that would run if anything ever rendered it as a link.
    /// </summary>
    private static readonly IReadOnlyList<string> UrlSchemes = ["http", "https", "ftp", "ftps", "sftp", "tftp", "ws", "wss", "smb", "ldap", "ldaps"];

    public static void Observable(List<IncidentError> errors, ObservableKind kind, string? value)
    {
        // Surrounding white space (a pasted line break) is trimmed; a NUL or control character inside is no part of any
        // indicator and would reach exports, tickets and terminals as it is (Text refuses it).
        var before = errors.Count;
        Text(errors, "value", value, IncidentLimits.MaxObservableValue);
        if (errors.Count > before || string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var trimmed = value.Trim();

        var problem = kind switch
        {
            ObservableKind.Ip => IpProblem(trimmed),
            ObservableKind.Cve => Cve().IsMatch(trimmed) ? null : $"value '{Echo.Clip(trimmed, 60)}' is not a CVE ID (CVE-2024-3400).",
            ObservableKind.Url => UrlProblem(trimmed),
            ObservableKind.Domain => DomainProblem(trimmed),
            // "ZZZ" was stored as a hash, and a lookup by it could never match anything.
            ObservableKind.FileHash => FileHash().IsMatch(trimmed) ? null
                : $"value '{Echo.Clip(trimmed, 60)}' is not a file hash: give MD5, SHA-1, SHA-256 or SHA-512 in hex (also SHA-224, SHA-384, imphash, TLSH or ssdeep).",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(new IncidentError("bad-observable", problem, "value"));
        }
    }

    /// <summary>
    /// IPv6 in any form .NET reads (stored in its standard form). IPv4 only as four dotted decimal octets 0–255:
    /// IPAddress.TryParse also takes "10.1", "167772161" and hex, and reads "010" as octal (8), where other tools read 10,
    /// so an octet with leading zeros is ambiguous and refused rather than guessed.
    /// </summary>
    private static string? IpProblem(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : $"value '{Echo.Clip(value, 60)}' is not an IPv6 address.";
        }

        var octets = value.Split('.');
        if (octets.Length != 4 || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit) || Decimal(o) > 255))
        {
            return $"value '{Echo.Clip(value, 60)}' is not an IP address: write IPv4 as four numbers 0-255 separated by dots (10.0.0.1), "
                + "not a short form (10.1), a single integer or hex; or write an IPv6 address.";
        }

        if (octets.Any(o => o.Length > 1 && o[0] == '0'))
        {
            // inet_aton (and .NET) read an octet with a leading zero as octal; name that reading too when it is one and differs.
            static int Octal(string o) => o.Length == 1 || o[0] != '0' ? Decimal(o) : o.All(c => c < '8') ? Convert.ToInt32(o, 8) : -1;
            var asDecimal = string.Join('.', octets.Select(Decimal));
            var asOctal = octets.Select(Octal).All(n => n is >= 0 and <= 255) ? string.Join('.', octets.Select(Octal)) : asDecimal;
            var readings = asOctal == asDecimal ? asDecimal : $"{asDecimal} or {asOctal}";
            return $"value '{value}' has an IPv4 octet with leading zeros, which some tools read as octal (010 = 8) and others as decimal (010 = 10); "
                + $"write it without them ({readings}, whichever is meant).";
        }

        return null;
    }

    private static int Decimal(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    private static string? UrlProblem(string value)
    {
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && UrlSchemes.Contains(value[..separator], StringComparer.OrdinalIgnoreCase)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? null
            : $"value '{Echo.Clip(value, 60)}' is not a network URL: write scheme://host/… with a scheme of {string.Join(", ", UrlSchemes)} "
                + "(javascript:, data:, vbscript: and file: are refused).";
    }

    /// <summary>A fully qualified name's trailing dot (the DNS root) is dropped when stored; what is left has no empty label.</summary>
    private static string? DomainProblem(string value)
    {
        var name = WithoutRootDot(value);
        return name.Length == 0 || name.Split('.').Any(label => label.Length == 0)
            ? $"value '{Echo.Clip(value, 60)}' is not a domain name: it has an empty label (a leading dot or two dots in a row)."
            : null;
    }

    private static string WithoutRootDot(string domain) => domain.EndsWith('.') ? domain[..^1] : domain;

    /// <summary>
    /// The stored form of a valid observable value: trimmed; CVE IDs upper-case; hashes, domains and e-mail addresses
    /// (hex) lower-case (they compare case-insensitively), domains without the trailing root dot; IP addresses in their standard
    /// text form. Other kinds keep their case (file names, processes and users may be case-sensitive).
    /// </summary>
    public static string Canonical(ObservableKind kind, string value)
    {
        var trimmed = value.Trim();
        return kind switch
        {
            ObservableKind.Cve => trimmed.ToUpperInvariant(),
            ObservableKind.Domain => WithoutRootDot(trimmed).ToLowerInvariant(),
            // Hex digests compare case-insensitively; an ssdeep hash is base64 and keeps its case.
            ObservableKind.FileHash when trimmed.Contains(':', StringComparison.Ordinal) => trimmed,
            ObservableKind.FileHash or ObservableKind.Email => trimmed.ToLowerInvariant(),
            // An IPv4-mapped IPv6 address (::ffff:203.0.113.7, as dual-stack logs write it) is that IPv4 address.
            ObservableKind.Ip when IPAddress.TryParse(trimmed, out var ip) => (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString(),
            _ => trimmed,
        };
    }

    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> techniques) =>
        techniques.Select(t => TechniqueId.Parse(t).Value).Distinct(StringComparer.Ordinal).ToList();
}
