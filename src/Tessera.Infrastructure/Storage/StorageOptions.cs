using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// Which database Tessera uses, parsed from the <c>--db</c> value: a file path or <c>Data Source=…</c> means SQLite;
/// <c>Host=…</c> or a <c>postgres://</c> / <c>postgresql://</c> URI means PostgreSQL.
/// </summary>
public sealed record StorageOptions
{
    public required StorageProvider Provider { get; init; }
    public required string ConnectionString { get; init; }

    /// <summary>SQLite in a file, with foreign keys enforced (WAL is switched on at initialization).</summary>
    public static StorageOptions Sqlite(string path) => new()
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = SqliteConnectionString($"Data Source={Path.GetFullPath(path)}"),
    };

    /// <summary>Parses a <c>--db</c> value; false with a reason when it is blank or an unparsable URI / connection string.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StorageOptions? options, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        options = null;
        error = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "--db is empty: give a SQLite file path, 'Data Source=…', 'Host=…' or a postgres:// URI.";
            return false;
        }

        try
        {
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                options = new() { Provider = StorageProvider.Postgres, ConnectionString = FromPostgresUri(text) };
            }
            else if (HasKey(text, "Host"))
            {
                options = new()
                {
                    Provider = StorageProvider.Postgres,
                    ConnectionString = new NpgsqlConnectionStringBuilder(text).ConnectionString,
                };
            }
            else if (HasKey(text, "Data Source") || HasKey(text, "DataSource") || HasKey(text, "Filename"))
            {
                options = new() { Provider = StorageProvider.Sqlite, ConnectionString = SqliteConnectionString(text) };
            }
            else
            {
                options = Sqlite(text);
            }

            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            error = $"--db value is not a valid connection string or URI: {ex.Message}";
            return false;
        }
    }

    private static bool HasKey(string text, string key) =>
        text.Split(';').Any(part => part.Split('=', 2)[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase) && part.Contains('='));

    private static string SqliteConnectionString(string text) =>
        new SqliteConnectionStringBuilder(text) { ForeignKeys = true }.ConnectionString;

    private static string FromPostgresUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
            if (userInfo.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[1]);
            }
        }

        // Query parameters use the connection string keywords (e.g. ?sslmode=require); unknown ones fail loudly.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder.ConnectionString;
    }
}
