using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubJobCostCodeList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CostCodeList",
                table: "SubJobs",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // The sub jobs that already have cost codes: their codes in the order the domain keeps (BINARY, byte by byte).
            migrationBuilder.Sql(
                """
                UPDATE "SubJobs" SET "CostCodeList" = (
                    SELECT json_group_array(c."Code" ORDER BY c."Code") FROM "SubJobCostCode" c WHERE c."SubJobId" = "SubJobs"."Id")
                WHERE "Id" IN (SELECT "SubJobId" FROM "SubJobCostCode");
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
