using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SubJobCostCodeList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "CostCodeList",
                table: "SubJobs",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            // The sub jobs that already have cost codes: their codes in the order the domain keeps (ordinal: COLLATE "C").
            migrationBuilder.Sql(
                """
                UPDATE "SubJobs" s SET "CostCodeList" = (
                    SELECT array_agg(c."Code" ORDER BY c."Code" COLLATE "C") FROM "SubJobCostCode" c WHERE c."SubJobId" = s."Id")
                WHERE s."Id" IN (SELECT "SubJobId" FROM "SubJobCostCode");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CostCodeList",
                table: "SubJobs");
        }
    }
}
