using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// Reads the component state a prerendered page carries for its circuit: the <c>Blazor-Server-Component-State</c> comment,
/// data-protected by the server (the fixture's key ring opens it), a JSON map from storage key to the JSON of one value.
/// </summary>
public static partial class PrerenderedState
{
    /// <summary>The options the framework serializes <c>[PersistentState]</c> values with (its own are internal).</summary>
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=_-]+)-->")]
    private static partial Regex Marker();

    /// <summary>The marker's text as it stands in the HTML (what the page's size grows by), empty when the page carries none.</summary>
    public static string Raw(string html) => Marker().Match(html) is { Success: true } m ? m.Value : "";

    public static IReadOnlyDictionary<string, string> Decode(string html, TesseraServerFixture server)
    {
        var match = Marker().Match(html);
        if (!match.Success)
        {
            return new Dictionary<string, string>();
        }

        var protector = server.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Components.Server.State");
        var state = JsonSerializer.Deserialize<Dictionary<string, byte[]>>(protector.Unprotect(Convert.FromBase64String(match.Groups[1].Value)))!;
        return state.ToDictionary(e => e.Key, e => System.Text.Encoding.UTF8.GetString(e.Value));
    }
}
