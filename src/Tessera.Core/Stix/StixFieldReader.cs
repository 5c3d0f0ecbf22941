using System.Text.Json;
using Tessera.Core.Attack;
using Context = Tessera.Core.Stix.StixBundleParser.FieldContext;

namespace Tessera.Core.Stix;

/// <summary>
/// Reads the value of one STIX property into <see cref="RawStixObject"/>. Wrong JSON types become
/// <see cref="StixErrorKind.InvalidField"/> errors (the value is skipped) rather than exceptions.
/// Unknown properties are skipped; the reader is always left on the value's last token.
/// </summary>
internal static class StixFieldReader
{
    public static void ReadField(ref Utf8JsonReader r, scoped ReadOnlySpan<byte> name, long at, ref Context c)
    {
        var raw = c.Raw;
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("id"u8): raw.Id = Shared(ref r, "id", at, ref c); return;
            case 4 when name.SequenceEqual("type"u8): raw.Type = Shared(ref r, "type", at, ref c); return;
            case 4 when name.SequenceEqual("name"u8): raw.Name = String(ref r, "name", at, ref c); return;
            case 7 when name.SequenceEqual("created"u8): raw.Created = Date(ref r, "created", at, ref c); return;
            case 7 when name.SequenceEqual("revoked"u8): raw.Revoked = Bool(ref r, "revoked", at, ref c); return;
            case 7 when name.SequenceEqual("aliases"u8): raw.Aliases = Strings(ref r, "aliases", at, ref c); return;
            case 8 when name.SequenceEqual("modified"u8): raw.Modified = Date(ref r, "modified", at, ref c); return;
            case 9 when name.SequenceEqual("last_seen"u8): raw.LastSeen = Date(ref r, "last_seen", at, ref c); return;
            case 10 when name.SequenceEqual("source_ref"u8): raw.SourceRef = Ref(ref r, "source_ref", at, ref c); return;
            case 10 when name.SequenceEqual("target_ref"u8): raw.TargetRef = Ref(ref r, "target_ref", at, ref c); return;
            case 10 when name.SequenceEqual("first_seen"u8): raw.FirstSeen = Date(ref r, "first_seen", at, ref c); return;
            case 11 when name.SequenceEqual("description"u8): raw.Description = String(ref r, "description", at, ref c); return;
            case 11 when name.SequenceEqual("tactic_refs"u8): raw.TacticRefs = Refs(ref r, "tactic_refs", at, ref c); return;
            case 12 when name.SequenceEqual("spec_version"u8): raw.SpecVersion = Shared(ref r, "spec_version", at, ref c); return;
            case 15 when name.SequenceEqual("x_mitre_domains"u8): raw.Domains = Strings(ref r, "x_mitre_domains", at, ref c); return;
            case 15 when name.SequenceEqual("x_mitre_aliases"u8): raw.XMitreAliases = Strings(ref r, "x_mitre_aliases", at, ref c); return;
            case 15 when name.SequenceEqual("x_mitre_version"u8): raw.XMitreVersion = Shared(ref r, "x_mitre_version", at, ref c); return;
            case 15 when name.SequenceEqual("x_mitre_sectors"u8): raw.Sectors = Strings(ref r, "x_mitre_sectors", at, ref c); return;
            case 17 when name.SequenceEqual("relationship_type"u8): raw.RelationshipType = Shared(ref r, "relationship_type", at, ref c); return;
            case 17 when name.SequenceEqual("kill_chain_phases"u8): raw.KillChainPhases = KillChain(ref r, at, ref c); return;
            case 17 when name.SequenceEqual("x_mitre_platforms"u8): raw.Platforms = Strings(ref r, "x_mitre_platforms", at, ref c); return;
            case 17 when name.SequenceEqual("x_mitre_detection"u8): raw.Detection = String(ref r, "x_mitre_detection", at, ref c); return;
            case 17 when name.SequenceEqual("x_mitre_shortname"u8): raw.ShortName = String(ref r, "x_mitre_shortname", at, ref c); return;
            case 18 when name.SequenceEqual("x_mitre_deprecated"u8): raw.Deprecated = Bool(ref r, "x_mitre_deprecated", at, ref c); return;
            case 19 when name.SequenceEqual("external_references"u8): raw.ExternalReferences = ExternalRefs(ref r, at, ref c); return;
            case 19 when name.SequenceEqual("x_mitre_log_sources"u8): raw.LogSources = LogSources(ref r, "x_mitre_log_sources", at, ref c); return;
            case 20 when name.SequenceEqual("x_mitre_data_sources"u8): raw.DataSources = Strings(ref r, "x_mitre_data_sources", at, ref c); return;
            case 21 when name.SequenceEqual("x_mitre_analytic_refs"u8): raw.AnalyticRefs = Refs(ref r, "x_mitre_analytic_refs", at, ref c); return;
            case 23 when name.SequenceEqual("x_mitre_is_subtechnique"u8): raw.IsSubtechnique = Bool(ref r, "x_mitre_is_subtechnique", at, ref c); return;
            case 23 when name.SequenceEqual("x_mitre_data_source_ref"u8): raw.DataSourceRef = Ref(ref r, "x_mitre_data_source_ref", at, ref c); return;
            case 25 when name.SequenceEqual("x_mitre_collection_layers"u8): raw.CollectionLayers = Strings(ref r, "x_mitre_collection_layers", at, ref c); return;
            case 29 when name.SequenceEqual("x_mitre_log_source_references"u8):
                raw.LogSourceReferences = LogSources(ref r, "x_mitre_log_source_references", at, ref c);
                return;
            default: Skip(ref r); return;
        }
    }

    // The parser hands over only objects already known to be complete (it TrySkip-ed them first), but the
    // reader is not a final block, so Skip() would refuse; TrySkip cannot fail here.
    private static void Skip(ref Utf8JsonReader r)
    {
        if (!r.TrySkip())
        {
            throw new InvalidOperationException("A STIX object was handed over incomplete");
        }
    }

    private static string? String(ref Utf8JsonReader r, string field, long at, ref Context c) => Text(ref r, field, at, ref c, intern: false);

    /// <summary>For values that repeat across objects (refs, platforms, citations): one shared instance each.</summary>
    private static string? Shared(ref Utf8JsonReader r, string field, long at, ref Context c) => Text(ref r, field, at, ref c, intern: true);

    private static string? Text(ref Utf8JsonReader r, string field, long at, ref Context c, bool intern)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String: return intern ? c.Interner.Get(ref r) : r.GetString();
            case JsonTokenType.Null: return null;
            default:
                c.Error(field, at, $"'{field}' must be a string, found {r.TokenType}");
                Skip(ref r);
                return null;
        }
    }

    private static string? Ref(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        var value = Shared(ref r, field, at, ref c);
        if (!string.IsNullOrEmpty(value))
        {
            (c.Raw.FieldPositions ??= []).Add((field, c.At(at)));
        }

        return value;
    }

    private static bool Bool(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False or JsonTokenType.Null: return false;
            default:
                c.Error(field, at, $"'{field}' must be true or false, found {r.TokenType}");
                Skip(ref r);
                return false;
        }
    }

    private static DateTimeOffset? Date(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        if (r.TokenType == JsonTokenType.String && r.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        if (r.TokenType != JsonTokenType.Null)
        {
            c.Error(field, at, $"'{field}' must be an RFC 3339 timestamp");
            Skip(ref r);
        }

        return null;
    }

    private static List<string>? Strings(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        if (!StartArray(ref r, field, at, ref c))
        {
            return null;
        }

        var list = new List<string>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType == JsonTokenType.String)
            {
                list.Add(c.Interner.Get(ref r));
            }
            else
            {
                c.Error(field, r.TokenStartIndex, $"'{field}' must hold only strings, found {r.TokenType}");
                Skip(ref r);
            }
        }

        return list;
    }

    private static List<string>? Refs(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        var list = Strings(ref r, field, at, ref c);
        if (list is { Count: > 0 })
        {
            (c.Raw.FieldPositions ??= []).Add((field, c.At(at)));
        }

        return list;
    }

    private static bool StartArray(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        if (r.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        if (r.TokenType != JsonTokenType.Null)
        {
            c.Error(field, at, $"'{field}' must be an array, found {r.TokenType}");
            Skip(ref r);
        }

        return false;
    }

    private static readonly byte[][] ExternalRefProps = ["source_name"u8.ToArray(), "external_id"u8.ToArray(), "url"u8.ToArray(), "description"u8.ToArray()];
    private static readonly byte[][] KillChainProps = ["kill_chain_name"u8.ToArray(), "phase_name"u8.ToArray()];
    private static readonly byte[][] LogSourceProps = ["name"u8.ToArray(), "channel"u8.ToArray(), "x_mitre_data_component_ref"u8.ToArray()];

    private static List<ExternalReference>? ExternalRefs(ref Utf8JsonReader r, long at, ref Context c) =>
        ObjectArray(ref r, "external_references", at, ref c, ExternalRefProps,
            static v => new ExternalReference(v[0] ?? "", v[1], v[2], v[3]));

    private static List<string>? KillChain(ref Utf8JsonReader r, long at, ref Context c)
    {
        // ATT&CK names its chains mitre-attack, mitre-mobile-attack and mitre-ics-attack; other chains
        // (e.g. Lockheed's) are not ATT&CK tactics.
        return ObjectArray(ref r, "kill_chain_phases", at, ref c, KillChainProps,
            static v => v[0] is { } chain && chain.StartsWith("mitre-", StringComparison.Ordinal) ? v[1] : null);
    }

    private static List<LogSourceRef>? LogSources(ref Utf8JsonReader r, string field, long at, ref Context c)
    {
        var sources = ObjectArray(ref r, field, at, ref c, LogSourceProps,
            static v => v[0] is null ? null : new LogSourceRef(v[0]!, v[1], v[2]), $"A log source in '{field}' has no name");
        if (sources is null || !sources.Exists(s => s.DataComponentStixId is not null))
        {
            return sources;
        }

        (c.Raw.FieldPositions ??= []).Add((field, c.At(at)));
        return sources;
    }

    /// <summary>
    /// Reads an array of small objects whose wanted properties are all strings; <paramref name="build"/>
    /// turns the values (null when absent) into an element, or returns null to drop it; a drop is an
    /// error when <paramref name="dropMessage"/> is given (a nameless log source), not when the element
    /// is merely irrelevant (a non-ATT&amp;CK kill chain).
    /// </summary>
    private static List<T>? ObjectArray<T>(ref Utf8JsonReader r, string field, long at, ref Context c, byte[][] props, Func<string?[], T?> build, string? dropMessage = null)
        where T : class
    {
        if (!StartArray(ref r, field, at, ref c))
        {
            return null;
        }

        var list = new List<T>();
        var values = new string?[props.Length];
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                c.Error(field, r.TokenStartIndex, $"Each element of '{field}' must be an object");
                Skip(ref r);
                continue;
            }

            Array.Clear(values);
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var which = props.Length - 1;
                while (which >= 0 && !r.ValueTextEquals(props[which]))
                {
                    which--;
                }

                var valueAt = r.TokenStartIndex;
                r.Read();
                if (which < 0)
                {
                    Skip(ref r);
                }
                else
                {
                    values[which] = Shared(ref r, field, valueAt, ref c);
                }
            }

            if (build(values) is { } item)
            {
                list.Add(item);
            }
            else if (dropMessage is not null)
            {
                c.Error(field, at, dropMessage);
            }
        }

        return list;
    }
}
