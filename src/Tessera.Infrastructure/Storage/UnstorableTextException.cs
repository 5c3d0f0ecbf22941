namespace Tessera.Infrastructure.Storage;

/// <summary>
/// A save was refused because a text value holds a NUL character (U+0000). PostgreSQL cannot store one in text at all
/// (and SQLite would keep it, to surface in exports and terminals), so every save is checked, on both providers, before
/// anything is written; validation should have named the field earlier, and this is the net under it. Hosts answer it as
/// bad input (API 400, CLI exit 1), never as a server error.
/// </summary>
public sealed class UnstorableTextException(string table, string column, int position)
    : Exception($"{column} ({table}) contains a NUL character (U+0000 at position {position}), which cannot be stored; nothing was saved.")
{
    public string Table { get; } = table;
    public string Column { get; } = column;
}
