using Tessera.Core.Incidents;

namespace Tessera.Core.Tests.Incidents;

public sealed class AssociationOriginTests
{
    [Theory]
    [InlineData("alert:#42 ET EXPLOIT Struts", 42L)]
    [InlineData("alert:#7", 7L)] // an alert without a rule name
    [InlineData("alert:SIEM-7 mimikatz", null)] // the SIEM's own alert id: no stored alert to link to
    [InlineData("alert:# rule", null)]
    [InlineData("alert:#-3 rule", null)]
    [InlineData("alert:#99999999999999999999 rule", null)] // beyond long
    [InlineData("child:42", null)]
    [InlineData("lookup:42", null)]
    public void AlertRecordId_OriginText_StoredAlertOrNull(string text, long? expected)
    {
        Assert.True(AssociationOrigin.TryParse(text, out var origin));

        Assert.Equal(expected, origin.AlertRecordId);
    }

    [Theory]
    [InlineData("child:42", 42L)]
    [InlineData("child:-1", null)] // not an incident id
    [InlineData("child:4x", null)]
    [InlineData("alert:#42 rule", null)]
    [InlineData("observable:42", null)]
    public void ChildIncidentId_OriginText_IncidentOrNull(string text, long? expected)
    {
        Assert.True(AssociationOrigin.TryParse(text, out var origin));

        Assert.Equal(expected, origin.ChildIncidentId);
    }

    [Fact]
    public void ChildIncidentId_ChildOrigin_RoundTrips() => Assert.Equal(17, AssociationOrigin.Child(17).ChildIncidentId);

    [Fact]
    public void AlertRecordId_OriginOfAttachedTriageAlert_RoundTrips()
    {
        var origin = AssociationOrigin.Alert(new IncidentAlert
        {
            Id = 1, IncidentId = 2, AlertId = "siem-1", Title = "Mimikatz", Source = "sysmon", Rule = "Mimikatz Command Line",
            AlertRecordId = 1234, CreatedAt = DateTimeOffset.UnixEpoch,
        });

        Assert.Equal(1234, origin.AlertRecordId);
    }
}
