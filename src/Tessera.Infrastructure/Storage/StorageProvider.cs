namespace Tessera.Infrastructure.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
