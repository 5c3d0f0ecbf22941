using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Navigator;

/// <summary>Small hand-built ATT&amp;CK collections for unit tests (integration tests use the shared bundles).</summary>
internal static class TestCollections
{
    /// <summary>Enterprise 18.1 with execution and credential-access, T1059(.001), T1003 and a revoked T1086.</summary>
    public static AttackCollection Enterprise181()
    {
        var builder = new AttackCollectionBuilder();
        builder.Add(new Tactic { StixId = "x-mitre-tactic--1", AttackId = "TA0002", Name = "Execution", ShortName = "execution" });
        builder.Add(new Tactic { StixId = "x-mitre-tactic--2", AttackId = "TA0006", Name = "Credential Access", ShortName = "credential-access" });
        builder.Add(Technique("T1059", "Command and Scripting Interpreter", "execution"));
        builder.Add(Technique("T1059.001", "PowerShell", "execution") with { IsSubtechnique = true });
        builder.Add(Technique("T1003", "OS Credential Dumping", "credential-access"));
        builder.Add(Technique("T1086", "PowerShell", "execution") with { Revoked = true });
        return builder.Build(new CollectionInfo { Domain = AttackDomain.Enterprise, Version = "18.1", Name = "test", StixVersion = "2.1" });
    }

    private static Technique Technique(string id, string name, string tactic) =>
        new() { StixId = "attack-pattern--" + id, AttackId = id, Name = name, Tactics = [tactic] };
}
