namespace Tessera.Core.Security;

/// <summary>One thing an endpoint or command checks before acting. Granted per role by <see cref="RolePermissions"/>.</summary>
public enum Permission
{
    /// <summary>Read everything that is not a secret (no password hashes, no API key hashes).</summary>
    Read,

    /// <summary>Create and change incidents.</summary>
    ChangeIncidents,

    /// <summary>Import, triage and map alerts.</summary>
    ChangeAlerts,

    /// <summary>Link alerts, incidents and techniques to each other.</summary>
    ChangeAssociations,

    /// <summary>Import and edit detection rules.</summary>
    ChangeRules,

    /// <summary>Record rule validations (e.g. atomic test runs).</summary>
    ChangeValidations,

    /// <summary>Edit coverage assessments and overrides.</summary>
    ChangeCoverage,

    /// <summary>Edit response runbooks.</summary>
    ChangeRunbooks,

    /// <summary>Create, change and disable users.</summary>
    ManageUsers,

    /// <summary>Create and revoke API keys.</summary>
    ManageApiKeys,

    /// <summary>Choose which ATT&amp;CK collections users may pick as a source.</summary>
    ManageAttackSources,

    /// <summary>Change application settings.</summary>
    ManageSettings,

    /// <summary>Read the audit log.</summary>
    ReadAudit,
}
