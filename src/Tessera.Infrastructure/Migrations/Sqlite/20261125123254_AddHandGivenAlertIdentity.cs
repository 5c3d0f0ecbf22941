using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddHandGivenAlertIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "GivenByHand",
                table: "incident_alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_given_by_hand",
                table: "incident_alerts",
                columns: new[] { "IncidentId", "Source", "AlertId" },
                unique: true,
                filter: "\"GivenByHand\" AND \"AlertId\" NOT LIKE 'line-%'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_alerts_given_by_hand",
                table: "incident_alerts");

            migrationBuilder.DropColumn(
                name: "GivenByHand",
                table: "incident_alerts");
        }
    }
}
