namespace Tessera.Core.Stix;

/// <summary>
/// Where a token is in the input: 1-based line and column (0 when unknown) and byte offset. A struct, turned
/// into a <see cref="StixLocation"/> only when an error needs it, because every object and reference of a
/// 25,000-object bundle records one.
/// </summary>
internal readonly record struct TextPosition(long Line, long Column, long Offset)
{
    public StixLocation In(string source) =>
        Line > 0 ? new StixLocation(source, Line, Column, Offset) : new StixLocation(source, ByteOffset: Offset);
}
