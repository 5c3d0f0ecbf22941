using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tessera.Infrastructure.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Assignee = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    AlertId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Rule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Techniques = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    OriginKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OriginRef = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Tactic = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TechniqueId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OriginKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OriginRef = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IncidentCreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IncidentSeverity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IncidentState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    ObservableId = table.Column<long>(type: "bigint", nullable: true),
                    Provider = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Verdict = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Techniques = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_incident_techniques_IncidentId_SourceKey_Tactic_TechniqueId~",
                table: "incident_techniques",
                columns: new[] { "IncidentId", "SourceKey", "Tactic", "TechniqueId", "OriginKind", "OriginRef" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_techniques_TechniqueId_IncidentId",
                table: "incident_techniques",
                columns: new[] { "TechniqueId", "IncidentId" })
                .Annotation("Npgsql:IndexInclude", new[] { "IncidentCreatedAt", "IncidentSeverity", "IncidentState", "SourceKey" });

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
