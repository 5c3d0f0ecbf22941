using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddExposureCveMappings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exposure_cve_techniques",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Cve = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TechniqueId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exposure_cve_techniques", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exposure_cve_techniques_Cve_TechniqueId",
                table: "exposure_cve_techniques",
                columns: new[] { "Cve", "TechniqueId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exposure_cve_techniques");
        }
    }
}
