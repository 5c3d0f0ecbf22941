using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Text;

namespace Tessera.Core.Tests.Text;

public sealed class JsonTextTests
{
    private sealed record Settings(string? Name, int Days = 0, DateOnly? DueOn = null, DateTimeOffset? At = null);

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static string Located(string json) =>
        JsonText.Located(Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Settings>(json, Strict)));

    // The serializer's own words name the .NET type ("… contained in type 'Tessera.Core.Tests.Text.JsonTextTests+Settings'").
    [Fact]
    public void Located_UnknownField_NamesTheFieldNotTheType()
    {
        var message = Located("{\"name\":\"a\",\n\"dyas\":3}");

        Assert.Equal("at $.dyas (line 2, column 8): 'dyas' is not a field of this object (check its spelling)", message);
    }

    // A date the serializer cannot read was "the value has the wrong type, or is not one of the allowed names": a field
    // that takes a date says so (the serializer's message names the request type, its inner one the field's).
    [Theory]
    [InlineData("{\"dueOn\":\"2026-02-29\"}", "at $.dueOn (line 1, column 22): expected a date, YYYY-MM-DD: a day the calendar has, without a time (such as 2026-01-31)")] // no 29 February in 2026
    [InlineData("{\"dueOn\":\"2026-12-25T00:00:00Z\"}", "at $.dueOn (line 1, column 32): expected a date, YYYY-MM-DD: a day the calendar has, without a time (such as 2026-01-31)")] // a time where a day is expected
    [InlineData("{\"at\":\"yesterday\"}", "at $.at (line 1, column 18): expected a date and time in ISO 8601, such as 2026-01-31T09:00:00Z (or a date, 2026-01-31)")]
    [InlineData("{\"days\":\"three\"}", "at $.days (line 1, column 16): the value has the wrong type, or is not one of the allowed names")] // not a date field: unchanged
    public void Located_DateFieldNotADate_SaysTheFormItTakes(string json, string message) => Assert.Equal(message, Located(json));

    [Fact]
    public void Located_FieldGivenTwice_SaysSoInAnyCase()
    {
        var message = Located("{\"name\":\"a\",\"Name\":\"b\"}");

        Assert.StartsWith("at $.Name", message, StringComparison.Ordinal);
        Assert.EndsWith("'name' is given more than once (names are matched in any case); give each field once", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tessera", message, StringComparison.Ordinal);
    }
}
