using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "atomic_tests",
                columns: table => new
                {
                    Guid = table.Column<Guid>(type: "TEXT", nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Platforms = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Executor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ElevationRequired = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_atomic_tests", x => x.Guid);
                });

            migrationBuilder.CreateTable(
                name: "coverage_snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CollectionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Validated = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    CountsJson = table.Column<string>(type: "TEXT", nullable: false),
                    StatesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coverage_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_sources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DataComponentsText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LogSourcesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Ingested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Normalized = table.Column<bool>(type: "INTEGER", nullable: false),
                    Queryable = table.Column<bool>(type: "INTEGER", nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConnectedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Completeness = table.Column<int>(type: "INTEGER", nullable: false),
                    Timeliness = table.Column<int>(type: "INTEGER", nullable: false),
                    Retention = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "detection_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    QueryText = table.Column<string>(type: "TEXT", nullable: false),
                    TechniquesText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TacticsText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DataRequirementsJson = table.Column<string>(type: "TEXT", nullable: false),
                    DataSourceText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Validation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LastTestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SourceFile = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detection_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "validation_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TestGuid = table.Column<Guid>(type: "TEXT", nullable: true),
                    TestName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExecutedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FiredRulesText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    IsKnownTest = table.Column<bool>(type: "INTEGER", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_validation_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_source_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DataSourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_source_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_source_events_data_sources_DataSourceId",
                        column: x => x.DataSourceId,
                        principalTable: "data_sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "detection_rule_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detection_rule_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_detection_rule_history_detection_rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "detection_rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "detection_rule_techniques",
                columns: table => new
                {
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detection_rule_techniques", x => new { x.RuleId, x.TechniqueId });
                    table.ForeignKey(
                        name: "FK_detection_rule_techniques_detection_rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "detection_rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_atomic_tests_TechniqueId",
                table: "atomic_tests",
                column: "TechniqueId");

            migrationBuilder.CreateIndex(
                name: "IX_coverage_snapshots_CollectionKey_TakenAt",
                table: "coverage_snapshots",
                columns: new[] { "CollectionKey", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_data_source_events_DataSourceId",
                table: "data_source_events",
                column: "DataSourceId");

            migrationBuilder.CreateIndex(
                name: "IX_data_sources_Name_Platform_Environment",
                table: "data_sources",
                columns: new[] { "Name", "Platform", "Environment" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_detection_rule_history_RuleId",
                table: "detection_rule_history",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_detection_rule_techniques_TechniqueId",
                table: "detection_rule_techniques",
                column: "TechniqueId");

            migrationBuilder.CreateIndex(
                name: "IX_detection_rules_Owner",
                table: "detection_rules",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_detection_rules_Source_ExternalId",
                table: "detection_rules",
                columns: new[] { "Source", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_validation_runs_ExecutedAt",
                table: "validation_runs",
                column: "ExecutedAt");

            migrationBuilder.CreateIndex(
                name: "IX_validation_runs_TechniqueId",
                table: "validation_runs",
                column: "TechniqueId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "atomic_tests");

            migrationBuilder.DropTable(
                name: "coverage_snapshots");

            migrationBuilder.DropTable(
                name: "data_source_events");

            migrationBuilder.DropTable(
                name: "detection_rule_history");

            migrationBuilder.DropTable(
                name: "detection_rule_techniques");

            migrationBuilder.DropTable(
                name: "validation_runs");

            migrationBuilder.DropTable(
                name: "data_sources");

            migrationBuilder.DropTable(
                name: "detection_rules");
        }
    }
}
