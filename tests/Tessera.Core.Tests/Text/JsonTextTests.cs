using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Text;

namespace Tessera.Core.Tests.Text;

public sealed class JsonTextTests
{
    private sealed record Settings(string? Name, int Days = 0);

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

    [Fact]
    public void Located_FieldGivenTwice_SaysSoInAnyCase()
    {
        var message = Located("{\"name\":\"a\",\"Name\":\"b\"}");

        Assert.StartsWith("at $.Name", message, StringComparison.Ordinal);
        Assert.EndsWith("'name' is given more than once (names are matched in any case); give each field once", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tessera", message, StringComparison.Ordinal);
    }
}
