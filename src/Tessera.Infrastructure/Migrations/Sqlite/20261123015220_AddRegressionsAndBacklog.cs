using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRegressionsAndBacklog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backlog_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TechniqueName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backlog_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "coverage_regressions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChangeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CollectionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TechniqueName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    IsPriority = table.Column<bool>(type: "INTEGER", nullable: false),
                    Before = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    After = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RulesJson = table.Column<string>(type: "TEXT", nullable: false),
                    DataSourcesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coverage_regressions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backlog_items_Owner",
                table: "backlog_items",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_backlog_items_State",
                table: "backlog_items",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_backlog_items_TechniqueId_Reason",
                table: "backlog_items",
                columns: new[] { "TechniqueId", "Reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_coverage_regressions_ChangeId",
                table: "coverage_regressions",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_coverage_regressions_DetectedAt",
                table: "coverage_regressions",
                column: "DetectedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backlog_items");

            migrationBuilder.DropTable(
                name: "coverage_regressions");
        }
    }
}
