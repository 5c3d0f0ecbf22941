using Tessera.Core.Attack;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Coverage;

/// <summary>Data component name → DC ID. 17.x components carry no IDs, so the Sigma map's 18.1 table fills in.</summary>
internal static class DataComponentIds
{
    public static Dictionary<string, string> ByName(AttackCollection collection) =>
        collection.DataComponents.Where(c => c.AttackId.Length > 0).Select(c => (c.Name, Id: c.AttackId))
            .Concat(SigmaLogSourceMap.KnownComponents.Select(c => (c.Name, c.Id)))
            .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
}
