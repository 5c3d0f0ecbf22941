using Microsoft.EntityFrameworkCore.Migrations;

namespace Tessera.Infrastructure.Migrations;

/// <summary>
/// Hand-written steps of the AddEvidenceUniqueness migration (both providers). Before it, two concurrent requests could
/// add the same observable or attach the same alert to an incident twice; the unique indexes it creates would fail on
/// such a database, so it first folds each set of duplicates into its oldest row. The SQL is the common subset of
/// SQLite and PostgreSQL.
/// </summary>
internal static class EvidenceUniqueness
{
    /// <summary>Name of the PostgreSQL expression index (outside the EF model; see IncidentObservableConfiguration).</summary>
    public const string PostgresObservableIndex = "IX_incident_observables_IncidentId_Kind_ValueMd5";

    /// <summary>
    /// Folds duplicate observables into the oldest (lookups about them, roll-up pins and the associations rolled up from
    /// them move to it) and deletes duplicate alert attachments (their roll-up origin is the same alert, so nothing moves).
    /// </summary>
    public static void FoldDuplicates(MigrationBuilder migration)
    {
        migration.Sql("""
            CREATE TEMPORARY TABLE tessera_observable_folds AS
            SELECT o."Id" AS "DupId", MIN(k."Id") AS "KeptId",
                   CAST(o."Id" AS TEXT) AS "DupRef", CAST(MIN(k."Id") AS TEXT) AS "KeptRef"
            FROM incident_observables o
            JOIN incident_observables k
              ON k."IncidentId" = o."IncidentId" AND k."Kind" = o."Kind" AND k."Value" = o."Value" AND k."Id" < o."Id"
            GROUP BY o."Id";
            """);
        migration.Sql("""
            UPDATE incident_lookups
            SET "ObservableId" = (SELECT f."KeptId" FROM tessera_observable_folds f WHERE f."DupId" = incident_lookups."ObservableId")
            WHERE "ObservableId" IN (SELECT "DupId" FROM tessera_observable_folds);
            """);
        migration.Sql("""
            INSERT INTO incident_rollup_pins ("IncidentId", "OriginKind", "OriginRef")
            SELECT DISTINCT p."IncidentId", p."OriginKind", f."KeptRef"
            FROM incident_rollup_pins p
            JOIN tessera_observable_folds f ON p."OriginKind" = 'Observable' AND p."OriginRef" = f."DupRef"
            WHERE NOT EXISTS (SELECT 1 FROM incident_rollup_pins q
                              WHERE q."IncidentId" = p."IncidentId" AND q."OriginKind" = 'Observable' AND q."OriginRef" = f."KeptRef");
            """);
        migration.Sql("""
            DELETE FROM incident_rollup_pins
            WHERE "OriginKind" = 'Observable' AND "OriginRef" IN (SELECT "DupRef" FROM tessera_observable_folds);
            """);
        migration.Sql("""
            INSERT INTO incident_techniques ("IncidentId", "SourceKey", "Tactic", "TechniqueId", "OriginKind", "OriginRef",
                                             "CreatedBy", "CreatedAt", "IncidentCreatedAt", "IncidentSeverity", "IncidentState")
            SELECT t."IncidentId", t."SourceKey", t."Tactic", t."TechniqueId", t."OriginKind", f."KeptRef",
                   MIN(t."CreatedBy"), MIN(t."CreatedAt"), MIN(t."IncidentCreatedAt"), MIN(t."IncidentSeverity"), MIN(t."IncidentState")
            FROM incident_techniques t
            JOIN tessera_observable_folds f ON t."OriginKind" = 'Observable' AND t."OriginRef" = f."DupRef"
            WHERE NOT EXISTS (SELECT 1 FROM incident_techniques k
                              WHERE k."IncidentId" = t."IncidentId" AND k."SourceKey" = t."SourceKey" AND k."Tactic" = t."Tactic"
                                AND k."TechniqueId" = t."TechniqueId" AND k."OriginKind" = 'Observable' AND k."OriginRef" = f."KeptRef")
            GROUP BY t."IncidentId", t."SourceKey", t."Tactic", t."TechniqueId", t."OriginKind", f."KeptRef";
            """);
        migration.Sql("""
            DELETE FROM incident_techniques
            WHERE "OriginKind" = 'Observable' AND "OriginRef" IN (SELECT "DupRef" FROM tessera_observable_folds);
            """);
        migration.Sql("""
            DELETE FROM incident_observables WHERE "Id" IN (SELECT "DupId" FROM tessera_observable_folds);
            """);
        migration.Sql("DROP TABLE tessera_observable_folds;");
        migration.Sql("""
            DELETE FROM incident_alerts
            WHERE EXISTS (SELECT 1 FROM incident_alerts k
                          WHERE k."IncidentId" = incident_alerts."IncidentId" AND k."Id" < incident_alerts."Id"
                            AND ((incident_alerts."AlertRecordId" IS NOT NULL AND k."AlertRecordId" = incident_alerts."AlertRecordId")
                              OR (incident_alerts."AlertRecordId" IS NULL AND k."AlertRecordId" IS NULL
                                  AND k."Source" = incident_alerts."Source" AND k."AlertId" = incident_alerts."AlertId")));
            """);
    }

    /// <summary>PostgreSQL: one observable per incident, kind and value, indexed by an md5 of the value.</summary>
    public static void CreatePostgresObservableIndex(MigrationBuilder migration) => migration.Sql($"""
        CREATE UNIQUE INDEX "{PostgresObservableIndex}" ON incident_observables ("IncidentId", "Kind", md5("Value"));
        """);

    public static void DropPostgresObservableIndex(MigrationBuilder migration) =>
        migration.Sql($"""DROP INDEX "{PostgresObservableIndex}";""");
}
