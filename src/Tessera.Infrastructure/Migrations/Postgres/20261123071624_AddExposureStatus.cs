using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
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
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusChangedAt",
                table: "exposures",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "exposures",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "exposures",
                type: "character varying(500)",
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
