using System.Reflection;
using Tessera.Infrastructure.Storage;
using Xunit.Sdk;
using Xunit.v3;

namespace Tessera.Infrastructure.Tests.TestSupport;

/// <summary>Theory data: one row per storage provider, so every storage test runs on SQLite and PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([new TheoryDataRow<StorageProvider>(StorageProvider.Sqlite), new TheoryDataRow<StorageProvider>(StorageProvider.Postgres)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
