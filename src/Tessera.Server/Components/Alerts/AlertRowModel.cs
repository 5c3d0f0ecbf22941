using System.Text.Json;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Attack;

namespace Tessera.Server.Components.Alerts;

/// <summary>What the triage page shows for one stored alert; plain so tests can use it without rendering.</summary>
public sealed record AlertRowModel(AlertRecord Record, AlertMapping? Mapping)
{
    public static AlertRowModel Of(AlertRecord record)
    {
        try
        {
            return new AlertRowModel(record, AlertMappingJson.Deserialize(record.MappingJson));
        }
        catch (JsonException)
        {
            return new AlertRowModel(record, null);
        }
    }

    public long Id => Record.Id;

    public IReadOnlyList<TechniqueSuggestion> Suggestions => Mapping?.Techniques ?? [];

    /// <summary>The suggestion the collapsed row shows (best first), or null when there is none.</summary>
    public TechniqueSuggestion? Top => Suggestions.Count > 0 ? Suggestions[0] : null;

    /// <summary>How many suggestions the collapsed row does not show.</summary>
    public int MoreCount => Math.Max(0, Suggestions.Count - 1);

    public static string OriginLabel(SuggestionOrigin origin) => origin switch
    {
        SuggestionOrigin.Analyst => "analyst-confirmed",
        SuggestionOrigin.AnalystSimilar => "analyst (similar alert)",
        SuggestionOrigin.Vendor => "vendor metadata",
        _ => "model",
    };

    public static string OriginCss(SuggestionOrigin origin) => "origin origin-" + origin.ToString().ToLowerInvariant();

    public static string StateCss(TriageState state) => "triage triage-" + state.ToString().ToLowerInvariant();

    /// <summary>
    /// Splits what an analyst typed ("T1190, t1505.003 T1059") into technique IDs and the words that are not IDs,
    /// so the form can name the bad ones before anything is sent.
    /// </summary>
    public static (IReadOnlyList<string> Ids, IReadOnlyList<string> Invalid) ParseIds(string? text)
    {
        var ids = new List<string>();
        var invalid = new List<string>();
        foreach (var word in (text ?? "").Split([' ', ',', ';', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (TechniqueId.TryParse(word, out var id))
            {
                ids.Add(id.Value);
            }
            else
            {
                invalid.Add(word);
            }
        }

        return (ids.Distinct().ToList(), invalid);
    }
}
