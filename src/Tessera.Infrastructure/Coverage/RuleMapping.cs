using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Text;

namespace Tessera.Infrastructure.Coverage;

/// <summary>Converts between <see cref="DetectionRule"/> and its row; owns the delimited-text and JSON column formats.</summary>
internal static class RuleMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The columns a re-import may change, in the order the content hash reads them.</summary>
    public static void ApplyContent(DetectionRuleEntity e, DetectionRule rule)
    {
        e.Title = PlainText.Cut(rule.Title, 300);
        e.QueryText = rule.QueryText;
        e.TechniquesText = string.Join('|', rule.Techniques.Select(t => t.Value).Distinct());
        e.TacticsText = "|" + string.Join('|', rule.Tactics.Distinct()) + "|";
        e.DataRequirementsJson = JsonSerializer.Serialize(rule.DataRequirements, Json);
        e.DataSourceText = PlainText.Cut(string.Join(" | ", rule.DataRequirements.SelectMany(DataSourceLabels)).ToLowerInvariant(), 2000);
        e.Level = rule.Level;
        e.ContentHash = Hash(rule);

        // Diff rather than replace: a replaced row with the same key would clash in EF's change tracker.
        var wanted = rule.Techniques.Select(t => t.Value).Distinct().ToList();
        e.Techniques.RemoveAll(t => !wanted.Contains(t.TechniqueId));
        e.Techniques.AddRange(wanted.Where(w => e.Techniques.All(t => t.TechniqueId != w))
            .Select(t => new DetectionRuleTechniqueEntity { RuleId = e.Id, TechniqueId = t }));
    }

    public static DetectionRuleEntity NewEntity(Guid id, DetectionRule rule, string? sourceFile, DateTimeOffset now)
    {
        var e = new DetectionRuleEntity
        {
            Id = id,
            Source = rule.Source.ToString(),
            ExternalId = rule.ExternalId,
            Title = "",
            QueryText = "",
            TechniquesText = "",
            TacticsText = "",
            DataRequirementsJson = "",
            DataSourceText = "",
            ContentHash = "",
            Owner = rule.Owner,
            Enabled = rule.Enabled,
            Validation = rule.Validation.ToString(),
            LastTestedAt = rule.LastTested,
            SourceFile = sourceFile is null ? null : PlainText.Cut(sourceFile, 500),
            CreatedAt = now,
            UpdatedAt = now,
        };
        ApplyContent(e, rule);
        return e;
    }

    public static string Hash(DetectionRule rule)
    {
        var text = string.Join('\n', rule.Title, rule.QueryText, string.Join('|', rule.Techniques), string.Join('|', rule.Tactics), rule.Level ?? "",
            JsonSerializer.Serialize(rule.DataRequirements, Json));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static RegisteredRule ToRegistered(DetectionRuleEntity e) => new()
    {
        Id = e.Id,
        Rule = new DetectionRule
        {
            Source = Enum.Parse<DetectionRuleSource>(e.Source),
            ExternalId = e.ExternalId,
            Title = e.Title,
            QueryText = e.QueryText,
            Techniques = Techniques(e.TechniquesText),
            Tactics = e.TacticsText.Split('|', StringSplitOptions.RemoveEmptyEntries),
            DataRequirements = JsonSerializer.Deserialize<List<DataRequirement>>(e.DataRequirementsJson, Json) ?? [],
            Level = e.Level,
            Owner = e.Owner,
            Enabled = e.Enabled,
            Validation = Enum.Parse<ValidationStatus>(e.Validation),
            LastTested = e.LastTestedAt,
        },
        SourceFile = e.SourceFile,
        Evidence = e.Evidence,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        Version = e.Version,
    };

    public static IReadOnlyList<TechniqueId> Techniques(string text) =>
        text.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(t => TechniqueId.TryParse(t, out var id) ? id : default)
            .Where(id => id.Value is not null).ToList();

    private static IEnumerable<string> DataSourceLabels(DataRequirement r) =>
        new[] { DataSourceMatcher.Describe(r), r.SourceText }
            .Concat(r.DataComponents.Select(c => $"{c.Id} {c.Name}"))
            .Concat(r.LogSources.Select(l => l.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
