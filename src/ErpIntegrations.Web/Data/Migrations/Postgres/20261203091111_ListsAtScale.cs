using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListsAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SubJobs_ProjectId_State_Code",
                table: "SubJobs",
                columns: new[] { "ProjectId", "State", "Code" });

            // The search index holds each match's company (btree_gin, a trusted extension like pg_trgm), so that a search
            // reads only the company's matches from it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gin;");
            migrationBuilder.Sql(
                """
                ALTER TABLE "SubJobSearch" ADD COLUMN "CompanyId" uuid;
                UPDATE "SubJobSearch" x SET "CompanyId" = s."CompanyId" FROM "SubJobs" s WHERE s."Id" = x."SubJobId";
                ALTER TABLE "SubJobSearch" ALTER COLUMN "CompanyId" SET NOT NULL;
                DROP INDEX "IX_SubJobSearch_Text";
                CREATE INDEX "IX_SubJobSearch_CompanyId_Text" ON "SubJobSearch" USING gin ("CompanyId", "Text" gin_trgm_ops);
                """);
            migrationBuilder.Sql(
                $"""
                CREATE OR REPLACE FUNCTION "SubJobSearch_SubJobWritten"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SubJobSearch" ("SubJobId", "CompanyId", "Text")
                    SELECT NEW."Id", NEW."CompanyId", {Text("NEW", "p")} FROM "Projects" p WHERE p."Id" = NEW."ProjectId"
                    ON CONFLICT ("SubJobId") DO UPDATE SET "Text" = EXCLUDED."Text";
                    RETURN NULL;
                END $$;
                """);
        }

        private static string Text(string subJob, string project) =>
            $"""{subJob}."Code" || E'\n' || {subJob}."Description" || E'\n' || {project}."Number" || E'\n' || {project}."Name" """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"""
                CREATE OR REPLACE FUNCTION "SubJobSearch_SubJobWritten"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SubJobSearch" ("SubJobId", "Text")
                    SELECT NEW."Id", {Text("NEW", "p")} FROM "Projects" p WHERE p."Id" = NEW."ProjectId"
                    ON CONFLICT ("SubJobId") DO UPDATE SET "Text" = EXCLUDED."Text";
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql(
                """
                DROP INDEX "IX_SubJobSearch_CompanyId_Text";
                ALTER TABLE "SubJobSearch" DROP COLUMN "CompanyId";
                CREATE INDEX "IX_SubJobSearch_Text" ON "SubJobSearch" USING gin ("Text" gin_trgm_ops);
                """);
            migrationBuilder.DropIndex(
                name: "IX_SubJobs_ProjectId_State_Code",
                table: "SubJobs");
        }
    }
}
