using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>Maps a validated <see cref="RawStixObject"/> to its ATT&amp;CK model record.</summary>
internal static class StixObjectMapper
{
    // source_name of the reference that carries the ATT&CK ID; older mobile and ICS objects use their own.
    private static readonly HashSet<string> AttackSources = new(StringComparer.Ordinal) { "mitre-attack", "mitre-mobile-attack", "mitre-ics-attack" };

    public static bool IsModelled(string type) => type switch
    {
        "attack-pattern" or "x-mitre-tactic" or "x-mitre-matrix" or "intrusion-set" or "malware" or "tool" or "campaign"
            or "course-of-action" or "x-mitre-data-source" or "x-mitre-data-component" or "x-mitre-detection-strategy"
            or "x-mitre-analytic" or "x-mitre-asset" => true,
        _ => false,
    };

    /// <summary>The model record, or null (after reporting errors) when a required field is missing or invalid.</summary>
    public static AttackObject? Map(RawStixObject raw, StixCollectionAssembler errors)
    {
        var type = raw.Type!;
        var ok = true;
        if (string.IsNullOrEmpty(raw.Name))
        {
            errors.MissingField(raw, "name", $"A {type} object needs a 'name'");
            ok = false;
        }

        var attackRef = raw.ExternalReferences?.FirstOrDefault(r => AttackSources.Contains(r.SourceName) && !string.IsNullOrEmpty(r.ExternalId));

        // 17.x data components carry no ATT&CK ID (DC0001 … arrived in v18); every other modelled type has one.
        if (attackRef is null && type != "x-mitre-data-component")
        {
            errors.MissingField(raw, "external_references", $"A {type} object needs an ATT&CK external ID (external_references[source_name=mitre-attack].external_id)");
            ok = false;
        }

        var attackId = attackRef?.ExternalId ?? "";
        if (type == "attack-pattern" && attackRef is not null && !TechniqueId.TryParse(attackId, out _))
        {
            errors.InvalidField(raw, "external_references", $"'{attackId}' is not an ATT&CK technique ID (expected T1234 or T1234.567)");
            ok = false;
        }

        if (type == "x-mitre-tactic" && string.IsNullOrEmpty(raw.ShortName))
        {
            errors.MissingField(raw, "x_mitre_shortname", "A tactic needs 'x_mitre_shortname' (the kill-chain phase techniques use)");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        AttackObject obj = type switch
        {
            "attack-pattern" => new Technique
            {
                StixId = "", AttackId = "", Name = "",
                IsSubtechnique = raw.IsSubtechnique,
                Tactics = raw.KillChainPhases ?? [],
                Platforms = raw.Platforms ?? [],
                DataSourceNames = raw.DataSources ?? [],
                DetectionText = string.IsNullOrWhiteSpace(raw.Detection) ? null : raw.Detection,
            },
            "x-mitre-tactic" => new Tactic { StixId = "", AttackId = "", Name = "", ShortName = raw.ShortName! },
            "x-mitre-matrix" => new Matrix { StixId = "", AttackId = "", Name = "", TacticRefs = raw.TacticRefs ?? [] },
            "intrusion-set" => new Group { StixId = "", AttackId = "", Name = "", Aliases = raw.Aliases ?? [] },
            "malware" or "tool" => new Software
            {
                StixId = "", AttackId = "", Name = "",
                Kind = type == "tool" ? SoftwareKind.Tool : SoftwareKind.Malware,
                Aliases = raw.XMitreAliases ?? raw.Aliases ?? [],
                Platforms = raw.Platforms ?? [],
            },
            "campaign" => new Campaign
            {
                StixId = "", AttackId = "", Name = "",
                Aliases = raw.Aliases ?? [],
                FirstSeen = raw.FirstSeen,
                LastSeen = raw.LastSeen,
            },
            "course-of-action" => new Mitigation { StixId = "", AttackId = "", Name = "" },
            "x-mitre-data-source" => new DataSource
            {
                StixId = "", AttackId = "", Name = "",
                Platforms = raw.Platforms ?? [],
                CollectionLayers = raw.CollectionLayers ?? [],
            },
            "x-mitre-data-component" => new DataComponent
            {
                StixId = "", AttackId = "", Name = "",
                DataSourceRef = string.IsNullOrEmpty(raw.DataSourceRef) ? null : raw.DataSourceRef,
                LogSources = raw.LogSources ?? [],
            },
            "x-mitre-detection-strategy" => new DetectionStrategy { StixId = "", AttackId = "", Name = "", AnalyticRefs = raw.AnalyticRefs ?? [] },
            "x-mitre-analytic" => new Analytic
            {
                StixId = "", AttackId = "", Name = "",
                Platforms = raw.Platforms ?? [],
                LogSources = raw.LogSourceReferences ?? [],
            },
            "x-mitre-asset" => new Asset
            {
                StixId = "", AttackId = "", Name = "",
                Platforms = raw.Platforms ?? [],
                Sectors = raw.Sectors ?? [],
            },
            _ => throw new InvalidOperationException($"IsModelled and Map disagree on '{type}'"),
        };

        return obj with
        {
            StixId = raw.Id!,
            AttackId = attackId,
            Name = raw.Name!,
            Description = raw.Description ?? "",
            Url = attackRef?.Url,
            Revoked = raw.Revoked,
            Deprecated = raw.Deprecated,
            Version = raw.XMitreVersion,
            Created = raw.Created,
            Modified = raw.Modified,
            References = (IReadOnlyList<ExternalReference>?)raw.ExternalReferences ?? [],
        };
    }

    /// <summary>STIX IDs an object points at, by field, so dangling ones can be reported.</summary>
    public static IEnumerable<(string Field, IEnumerable<string> Refs)> ReferencesOf(RawStixObject raw)
    {
        if (raw.TacticRefs is { Count: > 0 })
        {
            yield return ("tactic_refs", raw.TacticRefs);
        }

        if (raw.AnalyticRefs is { Count: > 0 })
        {
            yield return ("x_mitre_analytic_refs", raw.AnalyticRefs);
        }

        if (raw.LogSourceReferences is { Count: > 0 })
        {
            yield return ("x_mitre_log_source_references", raw.LogSourceReferences.Where(l => l.DataComponentStixId is not null).Select(l => l.DataComponentStixId!));
        }

        if (!string.IsNullOrEmpty(raw.DataSourceRef))
        {
            yield return ("x_mitre_data_source_ref", [raw.DataSourceRef]);
        }
    }
}
