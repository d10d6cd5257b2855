using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExportRetryWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CappedAttempts",
                table: "ErpRequests",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ErpUnreachableSince",
                table: "ErpRequests",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CappedAttempts",
                table: "ErpRequests");

            migrationBuilder.DropColumn(
                name: "ErpUnreachableSince",
                table: "ErpRequests");
        }
    }
}
