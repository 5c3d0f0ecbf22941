using Tessera.Core.Alerts.Library;

namespace Tessera.Core.Alerts.Evaluation;

/// <summary>
/// Replays labelled alerts in order against a mapper with a library: for each line it records the prediction
/// made BEFORE learning from that line, then confirms the line's gold techniques in the library (as an analyst
/// would). Accuracy per window of lines shows the library's effect over time.
/// </summary>
public static class LibraryReplayer
{
    /// <summary>Replays <paramref name="alerts"/>; <paramref name="mapper"/> must carry a library (throws <see cref="ArgumentException"/> otherwise).</summary>
    public static async Task<ReplayReport> ReplayAsync(AlertMapper mapper, IEnumerable<LabelledAlert> alerts, int window, string analyst, CancellationToken ct)
    {
        var library = mapper.Library ?? throw new ArgumentException("the mapper has no library to learn into", nameof(mapper));
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var total = new MappingEvaluator.Counts { Newer = mapper.Newer };
        var current = new MappingEvaluator.Counts { Newer = mapper.Newer };
        var windows = new List<ReplayWindow>();
        var origins = new Dictionary<SuggestionOrigin, int>();
        var start = 0;
        foreach (var a in alerts)
        {
            ct.ThrowIfCancellationRequested();
            var mapping = mapper.MapQuiet(a.Alert, 5);
            var ranked = mapping.Techniques.Select(t => t.Id).ToList();
            total.Add(ranked, a.Gold);
            current.Add(ranked, a.Gold);
            if (mapping.Techniques.Count > 0)
            {
                origins[mapping.Techniques[0].Origin] = origins.GetValueOrDefault(mapping.Techniques[0].Origin) + 1;
            }

            await library.ConfirmAsync(a.Alert.Title, analyst, a.Gold, ct).ConfigureAwait(false);
            if (current.N == window)
            {
                windows.Add(new ReplayWindow(start + 1, start + current.N, current.ToReport()));
                start += current.N;
                current = new MappingEvaluator.Counts { Newer = mapper.Newer };
            }
        }

        if (current.N > 0)
        {
            windows.Add(new ReplayWindow(start + 1, start + current.N, current.ToReport()));
        }

        return new ReplayReport(total.ToReport(), windows, origins);
    }
}

/// <summary>Accuracy over lines <see cref="From"/>..<see cref="To"/> (1-based, inclusive).</summary>
public sealed record ReplayWindow(int From, int To, EvaluationReport Report);

/// <summary>Overall accuracy, per-window accuracy, and how often each origin supplied the top suggestion.</summary>
public sealed record ReplayReport(EvaluationReport Overall, IReadOnlyList<ReplayWindow> Windows, IReadOnlyDictionary<SuggestionOrigin, int> TopOrigins);
