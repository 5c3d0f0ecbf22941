using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddIncidentAlertLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AlertRecordId",
                table: "incident_alerts",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_AlertRecordId",
                table: "incident_alerts",
                column: "AlertRecordId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_alerts_AlertRecordId",
                table: "incident_alerts");

            migrationBuilder.DropColumn(
                name: "AlertRecordId",
                table: "incident_alerts");
        }
    }
}
