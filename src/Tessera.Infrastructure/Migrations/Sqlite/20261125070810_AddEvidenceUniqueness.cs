using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEvidenceUniqueness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            EvidenceUniqueness.FoldDuplicates(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "IX_incident_observables_IncidentId",
                table: "incident_observables");

            migrationBuilder.DropIndex(
                name: "IX_incident_alerts_IncidentId",
                table: "incident_alerts");

            migrationBuilder.CreateIndex(
                name: "IX_incident_observables_IncidentId_Kind_Value",
                table: "incident_observables",
                columns: new[] { "IncidentId", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_IncidentId_AlertRecordId",
                table: "incident_alerts",
                columns: new[] { "IncidentId", "AlertRecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_IncidentId_Source_AlertId",
                table: "incident_alerts",
                columns: new[] { "IncidentId", "Source", "AlertId" },
                unique: true,
                filter: "\"AlertRecordId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_observables_IncidentId_Kind_Value",
                table: "incident_observables");

            migrationBuilder.DropIndex(
                name: "IX_incident_alerts_IncidentId_AlertRecordId",
                table: "incident_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incident_alerts_IncidentId_Source_AlertId",
                table: "incident_alerts");

            migrationBuilder.CreateIndex(
                name: "IX_incident_observables_IncidentId",
                table: "incident_observables",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_IncidentId",
                table: "incident_alerts",
                column: "IncidentId");
        }
    }
}
