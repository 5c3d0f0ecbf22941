using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Tests.Shared;

[assembly: AssemblyFixture(typeof(Tessera.Core.Tests.Alerts.MapperFixture))]

namespace Tessera.Core.Tests.Alerts;

/// <summary>
/// One mapper trained on the full shared data for every alert test class (training takes seconds; doing
/// it per class would dominate the suite). Calibration is skipped: it changes confidences, not ranking.
/// Tests that need a library create their own mapper with <see cref="AlertMapper.WithLibrary"/>.
/// </summary>
public sealed class MapperFixture
{
    public MapperFixture()
    {
        Mapper = AlertMapperFactory.Build(SharedData.Path, calibrate: false).Mapper;
        Kev = AlertMapperFactory.LoadKev(SharedData.Path);
        Entities = AttackEntityIndex.Build(Mapper.Attack);
    }

    /// <summary>ATT&amp;CK groups, software and campaigns of the mapper's release (no detectability counts).</summary>
    public AttackEntityIndex Entities { get; }

    public AlertMapper Mapper { get; }

    public KevMappings Kev { get; }
}
