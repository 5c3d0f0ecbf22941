using Tessera.Core.Attack;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Coverage;

/// <summary>Which loaded ATT&amp;CK collection a coverage request is about: <c>?collection=</c> or the newest Enterprise.</summary>
internal static class CoverageAttack
{
    public static AttackCollection? Resolve(KnowledgeBaseHost knowledge, string? key) =>
        string.IsNullOrWhiteSpace(key) ? knowledge.Latest(AttackDomain.Enterprise) : knowledge.Find(key.Trim());

    public static string Missing(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "no Enterprise ATT&CK collection is loaded" : $"collection '{key}' is not loaded";
}
