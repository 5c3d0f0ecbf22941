namespace Tessera.Core.Dettect;

/// <summary>Outcome of <see cref="DettectReader"/>: all or nothing, <see cref="Document"/> is null when any issue was found.</summary>
public sealed record DettectReadResult
{
    public DettectDocument? Document { get; init; }

    public required IReadOnlyList<DettectIssue> Issues { get; init; }

    public bool Succeeded => Document is not null;
}
