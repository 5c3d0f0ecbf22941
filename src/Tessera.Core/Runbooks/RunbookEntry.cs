using Tessera.Core.Attack;

namespace Tessera.Core.Runbooks;

/// <summary>What a runbook applies to.</summary>
public enum RunbookScope
{
    /// <summary>One technique or sub-technique; a technique's runbook also applies to its sub-techniques.</summary>
    Technique,

    /// <summary>Every technique of a tactic (short name, e.g. <c>credential-access</c>).</summary>
    Tactic,
}

/// <summary>A response runbook engineers maintain for a technique or tactic; <see cref="Markdown"/> renders through <see cref="SafeMarkdown"/>.</summary>
public sealed record RunbookEntry
{
    /// <summary>Same bound as the renderer's: longer text would be cut when shown, so it is refused when saved.</summary>
    public const int MaxMarkdownChars = SafeMarkdown.MaxChars;

    public const int MaxTitleChars = 200;

    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public required RunbookScope Scope { get; init; }

    /// <summary>A technique ID (<c>T1059.001</c>) or a tactic short name (<c>credential-access</c>; unknown ones such as v19's <c>stealth</c> are kept).</summary>
    public required string Target { get; init; }

    public required string Markdown { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset Updated { get; init; }

    /// <summary>Who saved this version (user name or API key); null for entries not from storage.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>Optimistic-concurrency version from storage (1 on create); an update naming an older one is refused.</summary>
    public long Version { get; init; }

    /// <summary>Problems that should stop the entry being saved (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > MaxTitleChars)
        {
            problems.Add($"title is required and at most {MaxTitleChars} characters");
        }

        if (string.IsNullOrWhiteSpace(Owner))
        {
            problems.Add("owner is required");
        }

        if (Markdown.Length > MaxMarkdownChars)
        {
            problems.Add($"markdown exceeds {MaxMarkdownChars:N0} characters");
        }

        if (Scope == RunbookScope.Technique && !TechniqueId.TryParse(Target, out _))
        {
            problems.Add($"'{Target}' is not a technique ID (expected T1234 or T1234.567)");
        }
        else if (Scope == RunbookScope.Tactic && (Target.Length is 0 or > 64 || !Target.All(c => char.IsAsciiLetterLower(c) || c == '-')))
        {
            problems.Add($"'{Target}' is not a tactic short name (e.g. credential-access)");
        }

        return problems;
    }
}
