using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>
/// Every field the ATT&amp;CK model uses, read from one STIX object before its type is known (STIX does
/// not order keys, so <c>type</c> may come last). Mapped to a model record by <see cref="StixCollectionAssembler"/>.
/// </summary>
internal sealed class RawStixObject
{
    public required TextPosition At { get; init; }
    public string? Type;
    public string? Id;
    public string? Name;
    public string? Description;
    public DateTimeOffset? Created;
    public DateTimeOffset? Modified;
    public bool Revoked;
    public bool Deprecated;
    public List<string>? Domains;
    public List<ExternalReference>? ExternalReferences;
    public List<string>? KillChainPhases;
    public List<string>? Platforms;
    public List<string>? DataSources;
    public string? Detection;
    public bool IsSubtechnique;
    public string? ShortName;
    public List<string>? TacticRefs;
    public List<string>? Aliases;
    public List<string>? XMitreAliases;
    public DateTimeOffset? FirstSeen;
    public DateTimeOffset? LastSeen;
    public string? RelationshipType;
    public string? SourceRef;
    public string? TargetRef;
    public string? DataSourceRef;
    public List<LogSourceRef>? LogSources;
    public List<LogSourceRef>? LogSourceReferences;
    public List<string>? AnalyticRefs;
    public List<string>? CollectionLayers;
    public List<string>? Sectors;
    public string? XMitreVersion;
    public string? SpecVersion;

    /// <summary>Positions of reference-holding fields, so a dangling reference can point at its line.</summary>
    public List<(string Field, TextPosition At)>? FieldPositions;

    public TextPosition PositionOf(string field)
    {
        if (FieldPositions is not null)
        {
            foreach (var (name, at) in FieldPositions)
            {
                if (name == field)
                {
                    return at;
                }
            }
        }

        return At;
    }
}
