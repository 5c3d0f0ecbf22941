using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Components.Shared;

namespace Tessera.Server.Tests.Components.Shared;

/// <summary>Enum values as the pages show them.</summary>
public sealed class EnumTextTests
{
    [Fact]
    public void Words_PascalCaseValues_ReadAsLowerCaseWordsAfterTheFirst() =>
        Assert.Equal(
            ["In progress", "Closed automatically", "Data source dropped", "Detection engineer"],
            [IncidentState.InProgress.Words(), BacklogState.ClosedAutomatically.Words(), RegressionCause.DataSourceDropped.Words(), Role.DetectionEngineer.Words()]);

    [Fact]
    public void Words_OneWordValue_Unchanged() => Assert.Equal("Closed", IncidentState.Closed.Words());
}
