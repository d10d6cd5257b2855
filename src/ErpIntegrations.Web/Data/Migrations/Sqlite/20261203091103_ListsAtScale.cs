using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
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

            // The search index keeps each company's sub jobs under rowids of its own range: the company's key (from
            // SubJobSearchCompanies) times 2^32, plus a number counted per company. A search bounds the rowids of its
            // matches to the company's range, so that the index skips every other company's matches. The index is
            // built again around the new rowids, in one statement each.
            migrationBuilder.Sql(
                """
                DROP TRIGGER "Projects_Search_Updated";
                DROP TRIGGER "SubJobs_Search_Deleted";
                DROP TRIGGER "SubJobs_Search_Updated";
                DROP TRIGGER "SubJobs_Search_Inserted";
                DROP TABLE "SubJobSearch";
                CREATE TABLE "SubJobSearchCompanies" (
                    "Key" INTEGER PRIMARY KEY,
                    "CompanyId" TEXT NOT NULL UNIQUE
                );
                INSERT INTO "SubJobSearchCompanies" ("CompanyId") SELECT "Id" FROM "Companies" ORDER BY "Id";
                CREATE TABLE "SubJobSearchText_ByCompany" (
                    "RowId" INTEGER PRIMARY KEY,
                    "SubJobId" TEXT NOT NULL UNIQUE,
                    "CompanyId" TEXT NOT NULL,
                    "Text" TEXT NOT NULL
                );
                INSERT INTO "SubJobSearchText_ByCompany" ("RowId", "SubJobId", "CompanyId", "Text")
                SELECT (c."Key" << 32) + row_number() OVER (PARTITION BY t."CompanyId" ORDER BY t."RowId"), t."SubJobId", t."CompanyId", t."Text"
                FROM "SubJobSearchText" t JOIN "SubJobSearchCompanies" c ON c."CompanyId" = t."CompanyId"
                ORDER BY 1;
                DROP TABLE "SubJobSearchText";
                ALTER TABLE "SubJobSearchText_ByCompany" RENAME TO "SubJobSearchText";
                """);
            CreateSearch(migrationBuilder, byCompany: true);
        }

        // The FTS5 index over SubJobSearchText and the triggers that keep both in step (see the SubJobSearch migration);
        // by company, a new sub job's text takes the next rowid of its company's range.
        internal static void CreateSearch(MigrationBuilder migrationBuilder, bool byCompany)
        {
            migrationBuilder.Sql(
                """
                CREATE VIRTUAL TABLE "SubJobSearch" USING fts5("Text", content='SubJobSearchText', content_rowid='RowId', tokenize='trigram');
                """);
            migrationBuilder.Sql("""INSERT INTO "SubJobSearch" ("SubJobSearch") VALUES ('rebuild');""");

            // One segment instead of the dozen a rebuild leaves: a lookup then reads each trigram once, not once a segment.
            migrationBuilder.Sql("""INSERT INTO "SubJobSearch" ("SubJobSearch") VALUES ('optimize');""");
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "SubJobSearchText_Inserted" AFTER INSERT ON "SubJobSearchText" BEGIN
                    INSERT INTO "SubJobSearch" (rowid, "Text") VALUES (new."RowId", new."Text");
                END;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "SubJobSearchText_Deleted" AFTER DELETE ON "SubJobSearchText" BEGIN
                    INSERT INTO "SubJobSearch" ("SubJobSearch", rowid, "Text") VALUES ('delete', old."RowId", old."Text");
                END;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "SubJobSearchText_Updated" AFTER UPDATE ON "SubJobSearchText" BEGIN
                    INSERT INTO "SubJobSearch" ("SubJobSearch", rowid, "Text") VALUES ('delete', old."RowId", old."Text");
                    INSERT INTO "SubJobSearch" (rowid, "Text") VALUES (new."RowId", new."Text");
                END;
                """);
            migrationBuilder.Sql(byCompany
                ? $"""
                CREATE TRIGGER "SubJobs_Search_Inserted" AFTER INSERT ON "SubJobs" BEGIN
                    INSERT OR IGNORE INTO "SubJobSearchCompanies" ("CompanyId") VALUES (new."CompanyId");
                    INSERT INTO "SubJobSearchText" ("RowId", "SubJobId", "CompanyId", "Text")
                    SELECT coalesce(
                            (SELECT t."RowId" FROM "SubJobSearchText" t WHERE t."RowId" BETWEEN c."Key" << 32 AND (c."Key" << 32) + 4294967295 ORDER BY t."RowId" DESC LIMIT 1),
                            c."Key" << 32) + 1,
                        new."Id", new."CompanyId", {Text("new", "p")}
                    FROM "SubJobSearchCompanies" c, "Projects" p WHERE c."CompanyId" = new."CompanyId" AND p."Id" = new."ProjectId";
                END;
                """
                : $"""
                CREATE TRIGGER "SubJobs_Search_Inserted" AFTER INSERT ON "SubJobs" BEGIN
                    INSERT INTO "SubJobSearchText" ("SubJobId", "CompanyId", "Text")
                    SELECT new."Id", new."CompanyId", {Text("new", "p")} FROM "Projects" p WHERE p."Id" = new."ProjectId";
                END;
                """);
            migrationBuilder.Sql(
                $"""
                CREATE TRIGGER "SubJobs_Search_Updated" AFTER UPDATE OF "Code", "Description", "ProjectId" ON "SubJobs" BEGIN
                    UPDATE "SubJobSearchText" SET "Text" = (SELECT {Text("new", "p")} FROM "Projects" p WHERE p."Id" = new."ProjectId")
                    WHERE "SubJobId" = new."Id";
                END;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "SubJobs_Search_Deleted" AFTER DELETE ON "SubJobs" BEGIN
                    DELETE FROM "SubJobSearchText" WHERE "SubJobId" = old."Id";
                END;
                """);
            migrationBuilder.Sql(
                $"""
                CREATE TRIGGER "Projects_Search_Updated" AFTER UPDATE OF "Number", "Name" ON "Projects" BEGIN
                    UPDATE "SubJobSearchText" SET "Text" = {Text("s", "new")}
                    FROM "SubJobs" s WHERE s."Id" = "SubJobSearchText"."SubJobId" AND s."ProjectId" = new."Id";
                END;
                """);
        }

        private static string Text(string subJob, string project) =>
            $"""{subJob}."Code" || char(10) || {subJob}."Description" || char(10) || {project}."Number" || char(10) || {project}."Name" """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER "Projects_Search_Updated";
                DROP TRIGGER "SubJobs_Search_Deleted";
                DROP TRIGGER "SubJobs_Search_Updated";
                DROP TRIGGER "SubJobs_Search_Inserted";
                DROP TABLE "SubJobSearch";
                CREATE TABLE "SubJobSearchText_InOrder" (
                    "RowId" INTEGER PRIMARY KEY,
                    "SubJobId" TEXT NOT NULL UNIQUE,
                    "CompanyId" TEXT NOT NULL,
                    "Text" TEXT NOT NULL
                );
                INSERT INTO "SubJobSearchText_InOrder" ("SubJobId", "CompanyId", "Text")
                SELECT "SubJobId", "CompanyId", "Text" FROM "SubJobSearchText" ORDER BY "RowId" & 4294967295, "RowId";
                DROP TABLE "SubJobSearchText";
                ALTER TABLE "SubJobSearchText_InOrder" RENAME TO "SubJobSearchText";
                DROP TABLE "SubJobSearchCompanies";
                """);
            CreateSearch(migrationBuilder, byCompany: false);
            migrationBuilder.DropIndex(
                name: "IX_SubJobs_ProjectId_State_Code",
                table: "SubJobs");
        }
    }
}
