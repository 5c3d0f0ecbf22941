using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TechniqueId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TechniqueName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backlog_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "coverage_regressions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<Guid>(type: "uuid", nullable: false),
                    DetectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CollectionKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TechniqueId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TechniqueName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    IsPriority = table.Column<bool>(type: "boolean", nullable: false),
                    Before = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    After = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Cause = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RulesJson = table.Column<string>(type: "text", nullable: false),
                    DataSourcesJson = table.Column<string>(type: "text", nullable: false)
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
