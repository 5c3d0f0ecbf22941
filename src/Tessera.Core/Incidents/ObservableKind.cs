namespace Tessera.Core.Incidents;

/// <summary>What an observable on an incident is.</summary>
public enum ObservableKind
{
    Ip,
    Domain,
    Url,
    FileHash,
    FileName,
    Process,
    User,
    Host,
    Email,
    Cve,
}
