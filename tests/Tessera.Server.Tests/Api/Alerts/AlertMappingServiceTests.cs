using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Core.Alerts.Library;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Alerts;
using Tessera.Server.Hosting;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Alerts;

public sealed class AlertMappingServiceTests
{
    [Fact]
    public async Task GetMapper_NoSharedDataBesideAttackSources_ReturnsNullWithClearProblem()
    {
        // A single bundle file has no Sigma/Atomic/CTID folders beside it to train on.
        var options = new TesseraServerOptions { Storage = StorageOptions.Sqlite(Path.GetTempFileName()), AttackSources = [SharedData.Enterprise181] };
        var service = new AlertMappingService(options, new InMemoryAlertLibraryStore(), TimeProvider.System, NullLogger<AlertMappingService>.Instance);

        var mapper = await service.GetMapperAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Null(mapper);
        Assert.Contains("shared public data folder", service.Problem);
        Assert.NotNull(await service.GetLibraryAsync());
    }
}
