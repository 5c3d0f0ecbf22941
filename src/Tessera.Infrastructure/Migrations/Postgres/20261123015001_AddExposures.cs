using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddExposures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exposures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Cve = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Asset = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    Severity = table.Column<int>(type: "integer", nullable: false),
                    Cvss = table.Column<double>(type: "double precision", nullable: true),
                    Title = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    DetectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ImportedTechniques = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    FirstImported = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastImported = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exposures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exposure_techniques",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExposureId = table.Column<Guid>(type: "uuid", nullable: false),
                    TechniqueId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exposure_techniques", x => x.Id);
                    table.ForeignKey(
                        name: "FK_exposure_techniques_exposures_ExposureId",
                        column: x => x.ExposureId,
                        principalTable: "exposures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exposure_techniques_ExposureId_TechniqueId",
                table: "exposure_techniques",
                columns: new[] { "ExposureId", "TechniqueId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exposures_Cve",
                table: "exposures",
                column: "Cve");

            migrationBuilder.CreateIndex(
                name: "IX_exposures_Key",
                table: "exposures",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exposures_Severity_Key",
                table: "exposures",
                columns: new[] { "Severity", "Key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exposure_techniques");

            migrationBuilder.DropTable(
                name: "exposures");
        }
    }
}
