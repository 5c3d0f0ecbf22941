using System.Text.RegularExpressions;
using Tessera.Core.Text;
using Tessera.Core.Threats;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>
/// Reads and writes the Threats page's URL, <c>threats?actors=G0016,G0007&amp;sectors=financial&amp;mode=hybrid&amp;colouring=priority</c>,
/// so a profile can be bookmarked or pasted. Lists are comma-separated; defaults (mode actor, colouring coverage) and
/// empty lists are left out; actors and sectors are written sorted so one selection has one URL.
/// </summary>
public static partial class ThreatsUrl
{
    public const string Path = "threats";
    public const string DefaultMode = "actor";

    /// <summary>
    /// Items read per list parameter. A hand-made profile is a handful of groups, and 50 IDs (~350 characters) keep a
    /// link well inside the ~2,000 characters that chat tools and older proxies pass on; a pasted URL with thousands
    /// of items would otherwise make as many checks and error lines.
    /// </summary>
    public const int MaxItemsPerParameter = 50;

    public static IReadOnlyList<string> Modes { get; } = ["actor", "sector", "hybrid"];

    private static readonly IReadOnlyDictionary<string, MatrixColouring> Colourings = new Dictionary<string, MatrixColouring>(StringComparer.OrdinalIgnoreCase)
    {
        ["coverage"] = MatrixColouring.Coverage,
        ["relevance"] = MatrixColouring.ActorRelevance,
        ["incidents"] = MatrixColouring.Incidents,
        ["exposure"] = MatrixColouring.Exposure,
        ["priority"] = MatrixColouring.Priority,
    };

    [GeneratedRegex(@"^[GC]\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileId();

    /// <summary>The URL value of a colouring: coverage, relevance, incidents, exposure or priority.</summary>
    public static string Slug(MatrixColouring colouring) => Colourings.First(kv => kv.Value == colouring).Key;

    /// <summary>The parameters <see cref="Format"/> writes, as the page receives them back.</summary>
    public static ThreatsUrlQuery ToQuery(ThreatsUrlState state) => new(
        state.Actors.Count == 0 ? null : string.Join(',', state.Actors.Order(StringComparer.Ordinal)),
        state.Sectors.Count == 0 ? null : string.Join(',', state.Sectors.Order(StringComparer.Ordinal)),
        state.Mode == DefaultMode ? null : state.Mode,
        state.Colouring == MatrixColouring.Coverage ? null : Slug(state.Colouring));

    /// <summary>A relative URL of the page showing <paramref name="state"/>; commas stay readable, items are escaped.</summary>
    public static string Format(ThreatsUrlState state)
    {
        var query = ToQuery(state);
        var pairs = new (string Name, string? Value)[] { ("actors", query.Actors), ("sectors", query.Sectors), ("mode", query.Mode), ("colouring", query.Colouring) }
            .Where(p => p.Value is not null)
            .Select(p => p.Name + "=" + string.Join(',', p.Value!.Split(',').Select(Uri.EscapeDataString)))
            .ToList();
        return pairs.Count == 0 ? Path : Path + "?" + string.Join('&', pairs);
    }

    /// <summary>
    /// Checks every parameter against the release's profiles and sector tags. Never throws: an unknown or malformed
    /// value becomes a <see cref="ThreatsUrlError"/> naming its parameter, and every valid value still applies (an
    /// unknown mode or colouring falls back to the default). IDs and tags are matched ignoring case and deduplicated.
    /// </summary>
    public static ThreatsUrlParse Parse(ThreatsUrlQuery query, IReadOnlyList<ThreatProfile> profiles, IReadOnlyCollection<string> sectorTags, string collection)
    {
        var errors = new List<ThreatsUrlError>();
        var byId = profiles.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        var actors = new List<string>();
        foreach (var id in Items("actors", query.Actors, errors))
        {
            if (byId.TryGetValue(id, out var profile))
            {
                actors.Add(profile.Id);
            }
            else
            {
                Reject(errors, "actors", id, ProfileId().IsMatch(id.ToUpperInvariant())
                    ? $"is not a group or campaign of {collection}"
                    : "is not an ATT&CK group or campaign ID (G0016, C0024)");
            }
        }

        var tags = sectorTags.ToDictionary(t => t, StringComparer.OrdinalIgnoreCase);
        var sectors = new List<string>();
        foreach (var tag in Items("sectors", query.Sectors, errors))
        {
            if (tags.TryGetValue(tag, out var known))
            {
                sectors.Add(known);
            }
            else
            {
                Reject(errors, "sectors", tag, "is not a sector tag (" + string.Join(", ", sectorTags) + ")");
            }
        }

        var mode = query.Mode?.Trim().ToLowerInvariant() ?? DefaultMode;
        if (!Modes.Contains(mode))
        {
            Reject(errors, "mode", query.Mode!, "is not a mode (" + string.Join(", ", Modes) + ")");
            mode = DefaultMode;
        }

        var colouring = MatrixColouring.Coverage;
        if (query.Colouring is { } c && !Colourings.TryGetValue(c.Trim(), out colouring))
        {
            Reject(errors, "colouring", c, "is not a colouring (" + string.Join(", ", Colourings.Keys) + ")");
        }

        return new ThreatsUrlParse(new ThreatsUrlState
        {
            Mode = mode, Actors = actors.Distinct().ToList(), Sectors = sectors.Distinct().ToList(), Colouring = colouring,
        }, errors);
    }

    private static IReadOnlyList<string> Items(string parameter, string? value, List<ThreatsUrlError> errors)
    {
        var items = (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length > MaxItemsPerParameter)
        {
            errors.Add(new ThreatsUrlError(parameter, $"{items.Length} items", $"are too many: only the first {MaxItemsPerParameter} are read"));
        }

        return items.Take(MaxItemsPerParameter).ToList();
    }

    // The value is echoed back to the user: a pasted URL may hold anything, so only its start is shown.
    private static void Reject(List<ThreatsUrlError> errors, string parameter, string value, string reason) =>
        errors.Add(new ThreatsUrlError(parameter, Echo.Clip(value, 40), reason));
}
