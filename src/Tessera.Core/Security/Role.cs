namespace Tessera.Core.Security;

/// <summary>
/// What a user or API key may do. Roles are not a ladder: a detection engineer does not change incidents and an
/// analyst does not change rules; only <see cref="Admin"/> holds every permission. See <see cref="RolePermissions"/>.
/// </summary>
public enum Role
{
    Viewer,
    Analyst,
    DetectionEngineer,
    Admin,
}
