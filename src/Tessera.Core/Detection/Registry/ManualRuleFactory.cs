using System.Text.RegularExpressions;
using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Registry;

/// <summary>Checks a <see cref="ManualRuleInput"/> and turns it into a <see cref="DetectionRule"/>.</summary>
public static partial class ManualRuleFactory
{
    /// <summary>Longest query kept: larger than any real SIEM rule, small enough that a page of rules stays light.</summary>
    public const int MaxQueryChars = 64 * 1024;
    public const int MaxTitleChars = 300;

    /// <summary>A rule tagged with more techniques than this is a data-entry mistake, not a detection.</summary>
    public const int MaxTags = 100;

    [GeneratedRegex(@"^DC\d{4}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DataComponentId();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TacticShape();

    /// <summary>
    /// Returns the rule, or null with every field error. Techniques must be well-formed IDs (IDs absent from the
    /// loaded release are accepted and flagged when shown). Tactics must name a tactic of <paramref name="tactics"/> (the
    /// loaded releases: short name or ID, stored as the short name; v19's <c>stealth</c> is kept); without it they are
    /// only checked to be short names such as <c>credential-access</c>.
    /// </summary>
    public static (DetectionRule? Rule, IReadOnlyList<FieldError> Errors) Create(ManualRuleInput input, TacticNames? tactics = null)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > MaxTitleChars)
        {
            errors.Add(new("title", $"title is required and at most {MaxTitleChars} characters"));
        }

        if (string.IsNullOrWhiteSpace(input.QueryText) || input.QueryText.Length > MaxQueryChars)
        {
            errors.Add(new("queryText", $"query text is required and at most {MaxQueryChars:N0} characters"));
        }

        if (input.Source == DetectionRuleSource.Sigma)
        {
            errors.Add(new("source", "Sigma rules are imported as YAML (rules import), not entered by hand"));
        }

        var techniques = new List<TechniqueId>();
        foreach (var text in input.Techniques)
        {
            if (TechniqueId.TryParse(text, out var id))
            {
                techniques.Add(id);
            }
            else
            {
                errors.Add(new("techniques", $"'{text}' is not a technique ID (T1234 or T1234.567)"));
            }
        }

        var names = new List<string>();
        foreach (var text in input.Tactics)
        {
            var name = tactics is null ? text.Trim().ToLowerInvariant() : tactics.Resolve(text);
            if (name is null)
            {
                errors.Add(new("tactics", tactics!.Unknown(text)));
            }
            else if (!TacticShape().IsMatch(name))
            {
                errors.Add(new("tactics", $"'{name}' is not a tactic short name"));
            }
            else
            {
                names.Add(name);
            }
        }

        if (techniques.Count + names.Count > MaxTags)
        {
            errors.Add(new("techniques", $"at most {MaxTags} technique and tactic tags"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new DetectionRule
        {
            Source = input.Source,
            ExternalId = string.IsNullOrWhiteSpace(input.ExternalId) ? Guid.NewGuid().ToString() : input.ExternalId.Trim(),
            Title = input.Title.Trim(),
            QueryText = input.QueryText,
            Techniques = techniques.Distinct().ToList(),
            Tactics = names.Distinct().ToList(),
            DataRequirements = input.DataSources.Count == 0 ? [] : [Requirement(input.DataSources)],
            Owner = string.IsNullOrWhiteSpace(input.Owner) ? null : input.Owner.Trim(),
            Level = input.Level,
            Enabled = input.Enabled,
            Validation = input.Enabled ? ValidationStatus.Untested : ValidationStatus.Disabled,
        }, []);
    }

    /// <summary>Reads data component IDs and log sources (<c>Name</c> or <c>Name Channel</c>) into one requirement.</summary>
    public static DataRequirement Requirement(IReadOnlyList<string> dataSources)
    {
        var components = new List<DataComponentRef>();
        var logs = new List<LogSourceRequirement>();
        foreach (var raw in dataSources.Select(d => d.Trim()).Where(d => d.Length > 0))
        {
            if (DataComponentId().IsMatch(raw))
            {
                components.Add(new DataComponentRef(raw.ToUpperInvariant(), raw.ToUpperInvariant(), ""));
                continue;
            }

            var space = raw.IndexOf(' ', StringComparison.Ordinal);
            logs.Add(space < 0 ? new LogSourceRequirement(raw, "") : new LogSourceRequirement(raw[..space], raw[(space + 1)..].Trim()));
        }

        return new DataRequirement
        {
            SourceText = string.Join(", ", dataSources),
            IsMapped = components.Count + logs.Count > 0,
            DataComponents = components,
            LogSources = logs,
        };
    }
}
