using Tessera.Core.Attack;

namespace Tessera.Core.Dettect;

/// <summary>
/// A DeTT&amp;CT administration file (<see href="https://github.com/rabobank-cdc/DeTTECT/wiki">DeTT&amp;CT wiki</see>):
/// <see cref="TechniqueAdministration"/>, <see cref="DataSourceAdministration"/> or <see cref="GroupAdministration"/>.
/// </summary>
public abstract record DettectDocument
{
    /// <summary>File name as given to the reader, for messages.</summary>
    public required string File { get; init; }

    /// <summary>The file's <c>version</c>, e.g. "1.2".</summary>
    public required string Version { get; init; }

    public required AttackDomain Domain { get; init; }

    public string? Name { get; init; }

    public string? Notes { get; init; }

    /// <summary>Platforms the file covers, e.g. Windows, Linux, or "all".</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];
}
