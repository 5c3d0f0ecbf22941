using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cve = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
