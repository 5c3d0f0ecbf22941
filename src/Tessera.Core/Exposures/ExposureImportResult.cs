using Tessera.Core.Detection;

namespace Tessera.Core.Exposures;

/// <summary>
/// Why an exposure file or row was rejected: where (file and 1-based line) and, when known, which field. In JSON,
/// <see cref="Index"/> is the 0-based position of the exposure object in its array, so an error in a compact
/// (single-line) file still names its row; it is null for CSV rows (their line is the row) and file-level errors.
/// </summary>
public sealed record ExposureImportError(string Message, SourceLocation At, string? Field = null, int? Index = null)
{
    public override string ToString() => $"{At}: {(Index is null ? "" : $"[{Index}] ")}{(Field is null ? "" : Field + ": ")}{Message}";
}

/// <summary>Outcome of an exposure import; all or nothing: <see cref="Exposures"/> is empty whenever <see cref="Errors"/> is not.</summary>
public sealed record ExposureImportResult
{
    public required IReadOnlyList<Exposure> Exposures { get; init; }

    public required IReadOnlyList<ExposureImportError> Errors { get; init; }

    /// <summary>Data rows (CSV) or objects (JSON) read, accepted or not.</summary>
    public int RowsRead { get; init; }

    /// <summary>Columns or properties Tessera does not use (scanner exports carry many); listed so nothing is dropped silently.</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;
}
