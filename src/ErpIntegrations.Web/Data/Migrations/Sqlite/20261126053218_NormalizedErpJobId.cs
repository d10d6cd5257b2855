using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NormalizedErpJobId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NormalizedErpJobId",
                table: "SubJobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // Existing rows take upper(ErpJobId). A database written before this rule may hold two sub jobs of a
            // project Exporting or Synced under IDs that differ only in case; the later of them keeps no
            // normalized ID, so that the unique index can be created and no existing row is changed otherwise.
            migrationBuilder.Sql("""
                UPDATE "SubJobs" SET "NormalizedErpJobId" = upper("ErpJobId")
                WHERE "ErpJobId" IS NOT NULL
                  AND NOT ("State" IN ('Exporting', 'Synced') AND EXISTS (
                      SELECT 1 FROM "SubJobs" AS "Earlier"
                      WHERE "Earlier"."ProjectId" = "SubJobs"."ProjectId"
                        AND "Earlier"."State" IN ('Exporting', 'Synced')
                        AND upper("Earlier"."ErpJobId") = upper("SubJobs"."ErpJobId")
                        AND "Earlier"."Id" < "SubJobs"."Id"));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_SubJobs_ProjectId_NormalizedErpJobId",
                table: "SubJobs",
                columns: new[] { "ProjectId", "NormalizedErpJobId" },
                unique: true,
                filter: "\"State\" IN ('Exporting', 'Synced')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SubJobs_ProjectId_NormalizedErpJobId",
                table: "SubJobs");

            migrationBuilder.DropColumn(
                name: "NormalizedErpJobId",
                table: "SubJobs");
        }
    }
}
