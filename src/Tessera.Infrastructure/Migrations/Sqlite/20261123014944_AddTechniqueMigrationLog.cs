using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTechniqueMigrationLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "technique_migration_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OldTechniqueId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NewTechniqueId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OldCollectionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    NewCollectionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technique_migration_log", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_technique_migration_log_Kind_OwnerId",
                table: "technique_migration_log",
                columns: new[] { "Kind", "OwnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "technique_migration_log");
        }
    }
}
