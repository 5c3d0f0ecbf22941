using Tessera.Core.Attack;
using Tessera.Core.Runbooks;

namespace Tessera.Server.Components.Pages.Runbooks;

/// <summary>The runbook page's state without rendering: the list, the draft being edited, and what saving answered.</summary>
public sealed class RunbookEditorModel(IRunbookStore store)
{
    public IReadOnlyList<RunbookEntry> Entries { get; private set; } = [];

    /// <summary>The draft; Id is empty for a new runbook.</summary>
    public RunbookEntry? Draft { get; set; }

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public string Filter { get; set; } = "";

    public IEnumerable<RunbookEntry> Visible => Filter.Trim() is { Length: > 0 } f
        ? Entries.Where(e => e.Target.Contains(f, StringComparison.OrdinalIgnoreCase) || e.Title.Contains(f, StringComparison.OrdinalIgnoreCase))
        : Entries;

    /// <summary>The preview: SafeMarkdown output, the only HTML built from user text anywhere in the UI.</summary>
    public string PreviewHtml => SafeMarkdown.ToHtml(Draft?.Markdown);

    /// <summary>Loads the list, or takes <paramref name="loaded"/> (what prerendering loaded) when given.</summary>
    public async Task LoadAsync(CancellationToken ct, IReadOnlyList<RunbookEntry>? loaded = null) => Entries = loaded ?? await store.ListAsync(null, null, ct);

    public void New(string owner) => Draft = new RunbookEntry
    {
        Id = Guid.Empty, Scope = RunbookScope.Technique, Target = "", Title = "", Markdown = "## Steps\n1. ", Owner = owner, Updated = default,
    };

    /// <summary>Saves the draft; a tactic target is checked against <paramref name="tactics"/> (the loaded releases) first, as the API does.</summary>
    public async Task<bool> SaveAsync(string by, TacticNames tactics, CancellationToken ct)
    {
        if (Draft is null)
        {
            return false;
        }

        if (Draft.WithTacticOf(tactics, out var unknown) is not { } checkedDraft)
        {
            (IsError, Message) = (true, unknown);
            return false;
        }

        Draft = checkedDraft;
        var result = Draft.Id == Guid.Empty
            ? await store.CreateAsync(Draft, by, ct)
            : await store.UpdateAsync(Draft, Draft.Version, by, ct);
        IsError = !result.IsSaved;
        Message = result.IsSaved ? $"Saved version {result.Value!.Version}." : result.Message;
        if (result.IsSaved)
        {
            Draft = result.Value;
            await LoadAsync(ct);
        }

        return result.IsSaved;
    }

    public async Task<bool> DeleteAsync(CancellationToken ct)
    {
        if (Draft is not { } draft || draft.Id == Guid.Empty)
        {
            return false;
        }

        var result = await store.DeleteAsync(draft.Id, draft.Version, ct);
        IsError = !result.IsSaved;
        Message = result.IsSaved ? $"Deleted '{draft.Title}'." : result.Message;
        if (result.IsSaved)
        {
            Draft = null;
            await LoadAsync(ct);
        }

        return result.IsSaved;
    }
}
