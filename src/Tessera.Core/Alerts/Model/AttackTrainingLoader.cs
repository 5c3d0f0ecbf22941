using System.Text.Json;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Stop-gap STIX reader for the alert engine: keeps only attack-pattern objects, tactics and <c>uses</c>
/// relationships that target techniques. To be replaced by <c>Tessera.Core.Stix.StixBundleReader</c> once
/// it is merged; callers already pass an <see cref="AttackCollection"/> so the switch is local.
/// </summary>
internal static class AttackTrainingLoader
{
    // Enterprise 18.1 is 37 MB; the cap leaves room for a few releases' growth.
    private const long MaxBundleBytes = 128L << 20;

    public static AttackCollection Load(string bundlePath)
    {
        var info = new FileInfo(bundlePath);
        if (info.Length > MaxBundleBytes)
        {
            throw new InvalidDataException($"{bundlePath} is {info.Length:N0} bytes; limit {MaxBundleBytes:N0}");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(bundlePath));
        var builder = new AttackCollectionBuilder();
        var techniqueStixIds = new HashSet<string>(StringComparer.Ordinal);
        var objects = doc.RootElement.GetProperty("objects");
        foreach (var o in objects.EnumerateArray())
        {
            var type = Str(o, "type");
            if (type == "attack-pattern" && AttackId(o) is { } attackId)
            {
                techniqueStixIds.Add(Str(o, "id"));
                builder.Add(new Technique
                {
                    StixId = Str(o, "id"),
                    AttackId = attackId,
                    Name = Str(o, "name"),
                    Description = Str(o, "description"),
                    Revoked = Bool(o, "revoked"),
                    Deprecated = Bool(o, "x_mitre_deprecated"),
                    IsSubtechnique = Bool(o, "x_mitre_is_subtechnique"),
                    Tactics = o.TryGetProperty("kill_chain_phases", out var k)
                        ? k.EnumerateArray().Select(p => Str(p, "phase_name")).ToList()
                        : [],
                });
            }
            else if (type == "x-mitre-tactic" && AttackId(o) is { } tacticId)
            {
                builder.Add(new Tactic { StixId = Str(o, "id"), AttackId = tacticId, Name = Str(o, "name"), ShortName = Str(o, "x_mitre_shortname") });
            }
        }

        foreach (var o in objects.EnumerateArray())
        {
            if (Str(o, "type") == "relationship" && Str(o, "relationship_type") == "uses" && techniqueStixIds.Contains(Str(o, "target_ref")))
            {
                builder.Add(new Relationship(Str(o, "id"), "uses", Str(o, "source_ref"), Str(o, "target_ref"), Str(o, "description"), [],
                    Bool(o, "revoked"), Bool(o, "x_mitre_deprecated")));
            }
        }

        return builder.Build(new CollectionInfo { Domain = AttackDomain.Enterprise, Version = "18.1", Name = "Enterprise ATT&CK", StixVersion = "2.0", Source = bundlePath });
    }

    private static string? AttackId(JsonElement o) =>
        o.TryGetProperty("external_references", out var refs)
            ? refs.EnumerateArray().Where(r => Str(r, "source_name") == "mitre-attack").Select(r => Str(r, "external_id")).FirstOrDefault(id => id.Length > 0)
            : null;

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
