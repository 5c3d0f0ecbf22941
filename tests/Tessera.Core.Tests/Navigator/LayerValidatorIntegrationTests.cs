using Tessera.Core.Navigator;
using Tessera.Core.Stix;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerValidatorIntegrationTests
{
    [Fact]
    public async Task Validate_AtomicLayerAgainstEnterprise181_FlagsOnlyNewerTechniques()
    {
        var ct = TestContext.Current.CancellationToken;
        var load = await StixBundleReader.ReadFileAsync(SharedData.Enterprise181, null, ct);
        Assert.True(load.Succeeded);
        var layer = (await LayerReader.ReadFileAsync(SharedData.Combine("navigator", "sample-art-navigator-layer.json"), ct)).Layer;

        var result = LayerValidator.Validate(layer, load.Collection!);

        Assert.Contains(result.UnknownTechniqueIds, id => id.Value == "T1685");
        Assert.DoesNotContain(result.UnknownTechniqueIds, id => id.Value is "T1003" or "T1059.001");
        Assert.DoesNotContain(result.Issues, i => i.Code is LayerIssueCode.DomainMismatch or LayerIssueCode.AttackVersionMismatch);
        Assert.Equal(380, layer.Techniques.Count);
    }
}
