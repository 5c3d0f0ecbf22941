using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;

namespace Tessera.Infrastructure.Coverage;

/// <summary>Registers the detection coverage stores and <see cref="CoverageService"/>.</summary>
public static class CoverageStorage
{
    public static IServiceCollection AddCoverageStorage(this IServiceCollection services)
    {
        services.AddSingleton<IRuleRegistry, EfRuleRegistry>();
        services.AddSingleton<IValidationStore, EfValidationStore>();
        services.AddSingleton<IAtomicTestStore, EfAtomicTestStore>();
        services.AddSingleton<IDataSourceInventory, EfDataSourceInventory>();
        services.AddSingleton<ICoverageImportStore, EfCoverageImportStore>();
        services.AddSingleton<ICoverageSnapshotStore, EfCoverageSnapshotStore>();
        // Hosts that can read newer content (Atomic Red Team beside the ATT&CK data) register their own source after this.
        services.TryAddSingleton(NewerTechniqueSource.Empty);
        services.AddSingleton<CoverageService>();
        services.AddSingleton<CoverageReportCache>();
        services.AddSingleton<ICoverageRegressionStore, EfCoverageRegressionStore>();
        services.AddSingleton<Core.Backlog.IBacklogStore, Backlog.EfBacklogStore>();
        services.AddSingleton<CoverageChangeMonitor>();
        services.AddSingleton<ImportSigmaRulesCommand>();
        return services;
    }
}
