using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddIncidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Assignee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incidents_incidents_ParentId",
                        column: x => x.ParentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incident_alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Techniques = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_alerts_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_observables",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_observables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_observables_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_rollup_pins",
                columns: table => new
                {
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    OriginKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OriginRef = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_rollup_pins", x => new { x.IncidentId, x.OriginKind, x.OriginRef });
                    table.ForeignKey(
                        name: "FK_incident_rollup_pins_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_techniques",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tactic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TechniqueId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OriginKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OriginRef = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentCreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentSeverity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IncidentState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_techniques", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_techniques_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_lookups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ObservableId = table.Column<long>(type: "INTEGER", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Techniques = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_lookups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_lookups_incident_observables_ObservableId",
                        column: x => x.ObservableId,
                        principalTable: "incident_observables",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_incident_lookups_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incident_alerts_IncidentId",
                table: "incident_alerts",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_lookups_IncidentId",
                table: "incident_lookups",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_lookups_ObservableId",
                table: "incident_lookups",
                column: "ObservableId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_observables_IncidentId",
                table: "incident_observables",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_techniques_IncidentId_SourceKey_Tactic_TechniqueId_OriginKind_OriginRef",
                table: "incident_techniques",
                columns: new[] { "IncidentId", "SourceKey", "Tactic", "TechniqueId", "OriginKind", "OriginRef" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_techniques_TechniqueId_IncidentId",
                table: "incident_techniques",
                columns: new[] { "TechniqueId", "IncidentId" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_CreatedAt_Severity_State",
                table: "incidents",
                columns: new[] { "CreatedAt", "Severity", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_ParentId",
                table: "incidents",
                column: "ParentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_alerts");

            migrationBuilder.DropTable(
                name: "incident_lookups");

            migrationBuilder.DropTable(
                name: "incident_rollup_pins");

            migrationBuilder.DropTable(
                name: "incident_techniques");

            migrationBuilder.DropTable(
                name: "incident_observables");

            migrationBuilder.DropTable(
                name: "incidents");
        }
    }
}
