using System.Text;

namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Normalises an alert title to its signature: lower case, single spaces, and variable parts replaced by
/// placeholders so "ET EXPLOIT vBulletin 5.2.1 RCE from 10.0.0.5" and "… 5.3 RCE from 192.168.1.9" share one
/// library entry. Placeholders: &lt;ip&gt;, &lt;hash&gt;, &lt;date&gt;, &lt;ver&gt;, &lt;host&gt;, &lt;num&gt;. CVE IDs are kept:
/// a different CVE is a different signature. Hand-written scanner (no regex): lookups run at hundreds of thousands per second.
/// </summary>
public static class AlertSignature
{
    /// <summary>
    /// Longest title considered (chars); signatures of longer titles use the first part. The same as the example title
    /// the library keeps (<see cref="AlertLibrary.MaxTitle"/>), so a signature recomputed from an exported entry's example
    /// (library import) is the one the entry was stored under; at 2,048 an exported long-title entry came back as a second entry.
    /// </summary>
    public const int MaxChars = AlertLibrary.MaxTitle;

    public static string Normalize(string title)
    {
        var text = title.Length > MaxChars ? title.AsSpan(0, MaxChars) : title.AsSpan();
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsSeparator(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                var token = text[start..i].Trim(".,;:!?()[]{}\"'");
                if (token.Length == 0)
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                var placeholder = Classify(token);
                if (placeholder is null)
                {
                    foreach (var c in token)
                    {
                        sb.Append(char.ToLowerInvariant(c));
                    }
                }
                else
                {
                    sb.Append(placeholder);
                }
            }
        }

        return sb.ToString();
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    private static string? Classify(ReadOnlySpan<char> t)
    {
        int digits = 0, letters = 0, dots = 0, hex = 0, dashes = 0, slashes = 0, colons = 0;
        foreach (var c in t)
        {
            if (char.IsAsciiDigit(c)) { digits++; hex++; }
            else if (char.IsAsciiLetter(c)) { letters++; if (char.IsAsciiHexDigit(c)) { hex++; } }
            else if (c == '.') { dots++; }
            else if (c == '-') { dashes++; }
            else if (c == '/') { slashes++; }
            else if (c == ':') { colons++; }
        }

        if (digits == 0)
        {
            // Host names: letters and dots ending in a letter TLD, e.g. evil.example.com.
            return dots >= 1 && letters > 3 && t.Length > 4 && char.IsAsciiLetter(t[^1]) && t.IndexOf('.') > 0 && t[^1] != '.' && !t.Contains("..", StringComparison.Ordinal)
                && LooksLikeHost(t) ? "<host>" : null;
        }

        if (t.StartsWith("cve-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (hex == t.Length && t.Length >= 32)
        {
            return "<hash>";
        }

        if (letters == 0 && dots == 3 && colons <= 1)
        {
            return "<ip>";
        }

        if (letters == 0 && (dashes == 2 || slashes == 2) && digits >= 6)
        {
            return "<date>";
        }

        if (letters == 0 && dots == 0 && dashes == 0 && slashes == 0 && colons == 0)
        {
            return "<num>";
        }

        // 5.2.1, 5.x, v2.3, 10.0.17763: versions.
        if (dots >= 1 && letters <= 2 && (char.IsAsciiDigit(t[0]) || t[0] is 'v' or 'V'))
        {
            return "<ver>";
        }

        if (dots >= 1 && letters > 0 && char.IsAsciiLetter(t[^1]) && LooksLikeHost(t))
        {
            return "<host>";
        }

        return null;
    }

    // File names (payload.exe) look like hosts; only treat the last label as a TLD when it is not a file extension.
    private static bool LooksLikeHost(ReadOnlySpan<char> t)
    {
        var tld = t[(t.LastIndexOf('.') + 1)..];
        if (tld.Length is < 2 or > 10)
        {
            return false;
        }

        foreach (var ext in FileExtensions)
        {
            if (tld.Equals(ext, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly string[] FileExtensions =
        ["exe", "dll", "ps1", "bat", "cmd", "vbs", "js", "hta", "sh", "py", "jar", "lnk", "php", "jsp", "aspx", "asp", "do", "action", "sys", "msi", "txt", "xml", "json", "html", "htm", "cgi", "pl", "x"];
}
