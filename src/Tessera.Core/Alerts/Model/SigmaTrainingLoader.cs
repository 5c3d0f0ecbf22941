using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Reads title, description and <c>attack.t*</c> tags of Sigma rules with a small line reader: the model
/// needs three top-level keys, and a full YAML parse of 3,700 files would dominate model build time.
/// Rules without technique tags are skipped (they teach nothing about techniques).
/// </summary>
internal static class SigmaTrainingLoader
{
    // Rules are a few KB; anything larger is not a rule we want to learn from.
    private const long MaxRuleBytes = 1 << 20;

    public static List<TrainingDocument> Load(string sigmaRoot, List<string> notes)
    {
        var docs = new List<TrainingDocument>();
        if (!Directory.Exists(sigmaRoot))
        {
            notes.Add($"Sigma rules not found under {sigmaRoot}; skipped");
            return docs;
        }

        foreach (var file in Directory.EnumerateFiles(sigmaRoot, "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (new FileInfo(file).Length > MaxRuleBytes)
            {
                notes.Add($"{file}: larger than {MaxRuleBytes} bytes; skipped");
                continue;
            }

            var rule = ReadRule(File.ReadAllLines(file));
            var labels = rule.Tags
                .Where(t => t.StartsWith("attack.t", StringComparison.OrdinalIgnoreCase))
                .Select(t => t[7..].ToUpperInvariant())
                .Where(t => TechniqueId.TryParse(t, out _))
                .Distinct()
                .ToList();
            if (labels.Count == 0 || rule.Title.Length == 0)
            {
                continue;
            }

            docs.Add(new TrainingDocument
            {
                Text = rule.Title + ". " + rule.Title + ". " + rule.Description,
                Labels = labels,
                Source = TrainingSource.Sigma,
                Group = GroupOf(sigmaRoot, file),
                Display = rule.Title,
                AlertLike = true,
            });
        }

        return docs;
    }

    /// <summary>Hold-out unit: <c>rules/windows</c>, <c>rules-threat-hunting</c>, <c>rules-emerging-threats</c> …</summary>
    internal static string GroupOf(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts[0] == "rules" && parts.Length > 2 ? "sigma/rules/" + parts[1] : "sigma/" + parts[0];
    }

    internal sealed record SigmaHead(string Title, string Description, IReadOnlyList<string> Tags);

    internal static SigmaHead ReadRule(IReadOnlyList<string> lines)
    {
        string title = "", description = "";
        var tags = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("title:", StringComparison.Ordinal))
            {
                title = Unquote(line[6..]);
            }
            else if (line.StartsWith("description:", StringComparison.Ordinal))
            {
                var value = line[12..].Trim();
                if (value is "|" or ">" or "|-" or ">-")
                {
                    var block = new List<string>();
                    while (i + 1 < lines.Count && (lines[i + 1].StartsWith(' ') || lines[i + 1].Length == 0))
                    {
                        block.Add(lines[++i].Trim());
                    }

                    description = string.Join(" ", block).Trim();
                }
                else
                {
                    description = Unquote(value);
                }
            }
            else if (line.StartsWith("tags:", StringComparison.Ordinal))
            {
                while (i + 1 < lines.Count && lines[i + 1].TrimStart().StartsWith("- ", StringComparison.Ordinal))
                {
                    tags.Add(Unquote(lines[++i].TrimStart()[2..]));
                }
            }
        }

        return new SigmaHead(title, description, tags);
    }

    private static string Unquote(string text)
    {
        var t = text.Trim();
        return t.Length >= 2 && (t[0] == '\'' || t[0] == '"') && t[^1] == t[0] ? t[1..^1].Replace("''", "'") : t;
    }
}
