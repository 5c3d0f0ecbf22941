using Tessera.Core.Audit;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Demo;

/// <summary>What seeders share: the loaded ATT&amp;CK, the shared data folder, the actor to audit as, and a writer for notes.</summary>
public sealed record DemoContext(
    IServiceProvider Services,
    KnowledgeBaseHost Knowledge,
    string? SharedDataFolder,
    TextWriter Console)
{
    public static readonly AuditActor Actor = AuditActor.System("demo");
}
