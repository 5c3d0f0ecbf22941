using System.Security.Claims;
using Tessera.Core.Backlog;
using Tessera.Core.Security;
using Tessera.Server.Api;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Backlog;

/// <summary>The backlog page's state: filters, the items, and per-item edit drafts saved with the version they were read at.</summary>
public sealed class BacklogModel(IBacklogStore store, AuditWriter audit)
{
    public sealed class Draft
    {
        public string Owner { get; set; } = "";
        public DateOnly? DueOn { get; set; }
        public BacklogState State { get; set; }
        public string Note { get; set; } = "";
    }

    public IReadOnlyList<BacklogItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public Dictionary<Guid, Draft> Drafts { get; } = [];
    public string StateFilter { get; set; } = "active";
    public string Owner { get; set; } = "";
    public string? Message { get; private set; }
    public Guid? SavedId { get; private set; }

    public static IReadOnlyList<BacklogState> EditableStates { get; } = [BacklogState.Open, BacklogState.InProgress, BacklogState.Done];

    public string ExportLink => $"api/v1/backlog/export?{StatesQuery()}owner={Uri.EscapeDataString(Owner)}";

    private string StatesQuery() => StateFilter switch
    {
        "active" => "state=Open,InProgress&",
        "" => "",
        var s => $"state={s}&",
    };

    /// <summary>Loads the items for the filters, or takes <paramref name="loaded"/> (what prerendering loaded) when given.</summary>
    public async Task<Tessera.Core.Backlog.BacklogPage> LoadAsync(CancellationToken ct, Tessera.Core.Backlog.BacklogPage? loaded = null)
    {
        var states = StateFilter switch
        {
            "active" => [BacklogState.Open, BacklogState.InProgress],
            "" => null,
            var s => (IReadOnlyList<BacklogState>)[Enum.Parse<BacklogState>(s)],
        };
        var page = loaded ?? await store.QueryAsync(new BacklogQuery { States = states, Owner = Owner, Take = BacklogQuery.MaxTake }, ct);
        (Items, Total) = (page.Items, page.Total);
        Drafts.Clear();
        foreach (var i in Items)
        {
            Drafts[i.Id] = new Draft { Owner = i.Owner ?? "", DueOn = i.DueOn, State = i.State, Note = i.Note ?? "" };
        }

        return page;
    }

    /// <summary>Saves one item's draft (server-side permission check, optimistic concurrency, audited) and reloads.</summary>
    public async Task SaveAsync(ClaimsPrincipal user, BacklogItem item, CancellationToken ct)
    {
        SavedId = null;
        if (!user.Has(Permission.ChangeCoverage))
        {
            Message = "Your role cannot edit the backlog.";
            return;
        }

        var draft = Drafts[item.Id];
        var edit = new BacklogEdit
        {
            Owner = draft.Owner, ClearOwner = string.IsNullOrWhiteSpace(draft.Owner), DueOn = draft.DueOn, ClearDueOn = draft.DueOn is null,
            State = draft.State == item.State ? null : draft.State, Note = draft.Note,
        };
        var result = await store.EditAsync(item.Id, item.Version, edit, ct);
        Message = result.IsSaved ? null : result.Message;
        if (result.IsSaved)
        {
            await audit.WriteAsync(user, "backlog.edit", "backlog-item", item.Id.ToString(), item, result.Value, ct);
            SavedId = item.Id;
        }

        await LoadAsync(ct);
    }
}
