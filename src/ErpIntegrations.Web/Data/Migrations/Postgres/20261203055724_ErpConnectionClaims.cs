using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ErpConnectionClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ErpConnectionClaims",
                columns: table => new
                {
                    Connector = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Connection = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CompanyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErpConnectionClaims", x => new { x.Connector, x.Connection });
                    table.ForeignKey(
                        name: "FK_ErpConnectionClaims_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ErpConnectionClaims_CompanyId",
                table: "ErpConnectionClaims",
                column: "CompanyId");

            // Every company's connection today is its own.
            migrationBuilder.Sql("""
                INSERT INTO "ErpConnectionClaims" ("Connector", "Connection", "CompanyId", "ClaimedAt") SELECT "ErpConnector", "ErpConnection", "Id", now() FROM "Companies" ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ErpConnectionClaims");
        }
    }
}
