using System.Text.Json;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Versioned JSON export/import of the alert library:
/// <c>{"format":"tessera-alert-library","version":1,"entries":[{"signature","exampleTitle","confirmed":[],"rejected":[],"updated","history":[{"at","analyst","action","techniques","title","note"}]}]}</c>.
/// Import is all-or-nothing: every error is collected (with the entry index) and nothing is applied if any exists.
/// <c>signature</c> may be left out (it is recomputed from <c>exampleTitle</c>); <c>confirmed</c>, <c>rejected</c> and
/// <c>history</c> left out or null count as empty; <c>entries</c> is required (null is an error naming it). A file that
/// cannot be bound is one error with the JSON path and 1-based line and column.
/// Well-formed IDs missing from the loaded ATT&amp;CK release (e.g. v19's T1685) are kept and reported as warnings.
/// </summary>
public static class LibraryJson
{
    public const string Format = "tessera-alert-library";
    public const int Version = 1;

    // A library of 100k signatures is ~50 MB; larger input is not a library export.
    public const long MaxBytes = 256L << 20;

    private sealed record Document(string Format, int Version, IReadOnlyList<LibraryEntry> Entries);

    /// <summary>Writes all entries of <paramref name="library"/>.</summary>
    public static async Task ExportAsync(AlertLibrary library, Stream output, CancellationToken ct) =>
        await JsonSerializer.SerializeAsync(output, new Document(Format, Version, library.Entries), AlertMappingJson.Options, ct).ConfigureAwait(false);

    /// <summary>Validates and, when there are no errors, imports into <paramref name="library"/>.</summary>
    public static async Task<LibraryImportResult> ImportAsync(AlertLibrary library, Stream input, AttackCollection? attack, CancellationToken ct)
    {
        if (input.CanSeek && input.Length > MaxBytes)
        {
            return LibraryImportResult.Failed(new LibraryImportError($"file is larger than {MaxBytes:N0} bytes", null));
        }

        Document? doc;
        try
        {
            doc = await JsonSerializer.DeserializeAsync<Document>(input, AlertMappingJson.Options, ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return LibraryImportResult.Failed(new LibraryImportError($"not a valid library file {Tessera.Core.Text.JsonText.Located(ex)}", null));
        }

        if (doc is null || doc.Format != Format)
        {
            return LibraryImportResult.Failed(new LibraryImportError($"\"format\" must be \"{Format}\"", null));
        }

        if (doc.Version != Version)
        {
            return LibraryImportResult.Failed(new LibraryImportError($"unsupported version {doc.Version}; this build reads version {Version}", null));
        }

        if (doc.Entries is null)
        {
            return LibraryImportResult.Failed(new LibraryImportError("\"entries\" must be a list of entries (an empty list for an empty library), not null or missing", null));
        }

        var errors = new List<LibraryImportError>();
        var warnings = new List<LibraryImportError>();
        var entries = new List<LibraryEntry>();
        for (var i = 0; i < doc.Entries.Count; i++)
        {
            var e = doc.Entries[i];
            if (e is null || string.IsNullOrWhiteSpace(e.ExampleTitle))
            {
                errors.Add(new LibraryImportError("entry has no exampleTitle", i));
                continue;
            }

            var before = errors.Count;
            errors.AddRange(SizeProblems(e).Select(problem => new LibraryImportError(problem, i)));
            var valid = errors.Count == before;
            foreach (var id in (e.Confirmed ?? []).Concat(e.Rejected ?? []).Concat((e.History ?? []).SelectMany(h => h?.Techniques ?? [])))
            {
                if (!TechniqueId.TryParse(id, out var tid))
                {
                    errors.Add(new LibraryImportError($"'{id}' is not a technique ID (expected T1234 or T1234.567)", i));
                    valid = false;
                }
                else if (attack is not null && attack.FindTechnique(tid) is null && warnings.All(w => !w.Message.StartsWith(tid.Value + " ", StringComparison.Ordinal)))
                {
                    warnings.Add(new LibraryImportError($"{tid.Value} is not in ATT&CK {attack.Info.Version}; kept and flagged", i));
                }
            }

            if (valid)
            {
                // The signature is recomputed: a file from an older normaliser must still hit exact lookups.
                entries.Add(e with
                {
                    Signature = AlertSignature.Normalize(e.ExampleTitle),
                    Confirmed = (e.Confirmed ?? []).Select(t => TechniqueId.Parse(t).Value).Distinct().ToList(),
                    Rejected = (e.Rejected ?? []).Select(t => TechniqueId.Parse(t).Value).Distinct().ToList(),
                    History = e.History ?? [],
                });
            }
        }

        if (errors.Count > 0)
        {
            return new LibraryImportResult(0, errors, warnings);
        }

        var changed = await library.ImportAsync(entries, ct).ConfigureAwait(false);
        return new LibraryImportResult(changed, [], warnings) { Unchanged = entries.Count - changed };
    }

    /// <summary>Most techniques one list (confirmed, rejected, one decision's) may hold: ATT&amp;CK has ~700 in all, storage keeps 4,000 characters.</summary>
    public const int MaxTechniques = 300;

    /// <summary>Most decisions one entry's history may hold.</summary>
    public const int MaxHistory = 10_000;

    // The limits storage enforces (and decisions made in Tessera respect), checked here so that a file breaking them is
    // refused with the entry and field named instead of failing in the database.
    private static IEnumerable<string> SizeProblems(LibraryEntry e)
    {
        if (e.ExampleTitle.Length > AlertLibrary.MaxTitle)
        {
            yield return $"exampleTitle has {e.ExampleTitle.Length:N0} characters; at most {AlertLibrary.MaxTitle:N0}";
        }

        foreach (var (name, list) in new[] { ("confirmed", e.Confirmed), ("rejected", e.Rejected) })
        {
            if (list?.Count > MaxTechniques)
            {
                yield return $"{name} lists {list.Count} techniques; at most {MaxTechniques}";
            }
        }

        if (e.History?.Count > MaxHistory)
        {
            yield return $"history has {e.History.Count:N0} decisions; at most {MaxHistory:N0}";
        }

        for (var h = 0; h < (e.History?.Count ?? 0); h++)
        {
            var d = e.History![h];
            if (d is null)
            {
                yield return $"history[{h}] is empty";
                continue;
            }

            if (string.IsNullOrWhiteSpace(d.Analyst) || d.Analyst.Length > AlertLibrary.MaxAnalyst)
            {
                yield return $"history[{h}].analyst must be 1 to {AlertLibrary.MaxAnalyst} characters";
            }

            if (d.Techniques is null || d.Techniques.Count > MaxTechniques)
            {
                yield return $"history[{h}].techniques must list at most {MaxTechniques} techniques";
            }

            if (d.Note?.Length > AlertLibrary.MaxNote)
            {
                yield return $"history[{h}].note has {d.Note.Length:N0} characters; at most {AlertLibrary.MaxNote:N0}";
            }

            if (d.Title is null || d.Title.Length > AlertLibrary.MaxTitle)
            {
                yield return $"history[{h}].title must be at most {AlertLibrary.MaxTitle:N0} characters";
            }
        }
    }
}

/// <summary>A problem in an import file; <see cref="EntryIndex"/> is the 0-based position in <c>entries</c>, null for file-level problems.</summary>
public sealed record LibraryImportError(string Message, int? EntryIndex)
{
    public override string ToString() => EntryIndex is null ? Message : $"entry {EntryIndex}: {Message}";
}

/// <summary>
/// Entries that changed the library, added or merged (0 when any error), all errors, and warnings (e.g. IDs newer than
/// the loaded release); <see cref="Unchanged"/> counts the entries that held nothing new (a file imported again).
/// </summary>
public sealed record LibraryImportResult(int Imported, IReadOnlyList<LibraryImportError> Errors, IReadOnlyList<LibraryImportError> Warnings)
{
    public bool Ok => Errors.Count == 0;

    /// <summary>Valid entries that changed nothing: nothing is written for them.</summary>
    public int Unchanged { get; init; }

    internal static LibraryImportResult Failed(LibraryImportError error) => new(0, [error], []);
}
