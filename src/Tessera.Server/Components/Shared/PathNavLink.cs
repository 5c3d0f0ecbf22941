using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace Tessera.Server.Components.Shared;

/// <summary>
/// A nav entry that links to a preset view (a query string, e.g. the demo threat profile) yet stays active on any
/// URL of the same page: <see cref="NavLink"/> compares the whole href, query included, so it would go dark as soon
/// as the page rewrites its query.
/// </summary>
public sealed class PathNavLink : NavLink
{
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    protected override bool ShouldMatch(string uriAbsolute)
    {
        var href = AdditionalAttributes?.GetValueOrDefault("href")?.ToString() ?? "";
        var linkPath = Navigation.ToAbsoluteUri(href).GetLeftPart(UriPartial.Path).TrimEnd('/');
        var currentPath = new Uri(uriAbsolute).GetLeftPart(UriPartial.Path).TrimEnd('/');
        return currentPath.Equals(linkPath, StringComparison.OrdinalIgnoreCase)
            || currentPath.StartsWith(linkPath + "/", StringComparison.OrdinalIgnoreCase);
    }
}
