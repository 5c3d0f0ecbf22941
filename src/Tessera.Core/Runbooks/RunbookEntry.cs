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

    /// <summary>
    /// A technique ID (<c>T1059.001</c>; IDs newer than the loaded releases, such as v19's T1685, are kept) or a tactic
    /// short name (<c>credential-access</c>; v19's <c>stealth</c> is kept; writes check it with <see cref="WithTacticOf"/>).
    /// </summary>
    public required string Target { get; init; }

    public required string Markdown { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset Updated { get; init; }

    /// <summary>Who saved this version (user name or API key); null for entries not from storage.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>Optimistic-concurrency version from storage (1 on create); an update naming an older one is refused.</summary>
    public long Version { get; init; }

    /// <summary>
    /// For a tactic runbook: the entry with its target checked against <paramref name="tactics"/> (the loaded releases) and
    /// stored as the tactic's short name (<c>TA0006</c> becomes <c>credential-access</c>), or null and the problem, naming the
    /// field and value, when it names no tactic there. Technique runbooks come back as they are.
    /// </summary>
    public RunbookEntry? WithTacticOf(TacticNames tactics, out string? problem)
    {
        problem = null;
        if (Scope != RunbookScope.Tactic)
        {
            return this;
        }

        if (tactics.Resolve(Target) is { } shortName)
        {
            return this with { Target = shortName };
        }

        problem = "target: " + tactics.Unknown(Target);
        return null;
    }

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

        problems.AddRange(new[]
        {
            Text.PlainText.OneLineProblem("title", Title), Text.PlainText.OneLineProblem("owner", Owner), Text.PlainText.MultiLineProblem("markdown", Markdown),
        }.OfType<string>());

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
