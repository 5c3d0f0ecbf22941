using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Coverage;

/// <summary>A server seeded with the demo data set: the coverage dashboard shows all five states.</summary>
public sealed class CoverageDemoServerFixture : TesseraServerFixture
{
    protected override bool Demo => true;
}
