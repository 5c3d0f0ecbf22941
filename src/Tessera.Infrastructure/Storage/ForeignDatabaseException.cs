namespace Tessera.Infrastructure.Storage;

/// <summary>
/// The database holds tables but no Tessera migration history: another application's database (a mistyped
/// <c>--db</c>, or the wrong PostgreSQL database). Tessera refuses to add its tables to it.
/// </summary>
public sealed class ForeignDatabaseException(string message) : Exception(message);
