using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueErpConnection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before this index, a company could take another's connection setting (its Sandbox ERP ledger). The
            // oldest company keeps it; any later one moves to a fresh ledger of its own (Company.FreshSandboxLedger).
            migrationBuilder.Sql("""
                UPDATE "Companies" SET "ErpConnection" = 'company-' || replace(lower("Id"), '-', '')
                WHERE EXISTS (SELECT 1 FROM "Companies" AS older
                              WHERE older."ErpConnector" = "Companies"."ErpConnector"
                                AND older."ErpConnection" = "Companies"."ErpConnection"
                                AND older."Id" < "Companies"."Id");
                """);
            migrationBuilder.CreateIndex(
                name: "IX_Companies_ErpConnector_ErpConnection",
                table: "Companies",
                columns: new[] { "ErpConnector", "ErpConnection" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_ErpConnector_ErpConnection",
                table: "Companies");
        }
    }
}
