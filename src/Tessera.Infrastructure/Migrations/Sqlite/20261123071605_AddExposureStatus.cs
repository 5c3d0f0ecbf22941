using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddExposureStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "exposures",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "exposures",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "exposures",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "exposures",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_exposures_Status",
                table: "exposures",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_exposures_Status",
                table: "exposures");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "exposures");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "exposures");

            migrationBuilder.DropColumn(
                name: "StatusChangedBy",
                table: "exposures");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "exposures");
        }
    }
}
