namespace Tessera.Core.Coverage;

/// <summary>State of an inventoried data source.</summary>
public enum DataSourceStatus
{
    /// <summary>Ingested, normalised and queryable.</summary>
    Active,

    /// <summary>Still arriving but not trusted (gaps, parsing broken): passing validations older than the degradation count as stale.</summary>
    Degraded,

    /// <summary>No longer ingested: rules depending on it have no data.</summary>
    Dropped,
}
