using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubJobSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SubJobs_CompanyId_State_Code_Id",
                table: "SubJobs",
                columns: new[] { "CompanyId", "State", "Code", "Id" });

            // Search: an FTS5 index of trigrams (substrings, case-insensitive) over each sub job's code, description and
            // project number and name, one line each so that no match spans two. SubJobSearchText holds the text under a
            // rowid of its own (SubJobs has none that VACUUM keeps) beside the company's id (so that the matches of other companies
            // are left out in the order the index gives them, before any sub job is read), SubJobSearch indexes it as external content, and the
            // triggers keep both in step inside the transaction that writes the sub job or renames its project.
            // A migration that rebuilds SubJobs or Projects (EF Core's way of altering a SQLite column) drops these
            // triggers with the old table and must create them again.
            migrationBuilder.Sql(
                """
                CREATE TABLE "SubJobSearchText" (
                    "RowId" INTEGER PRIMARY KEY,
                    "SubJobId" TEXT NOT NULL UNIQUE,
                    "CompanyId" TEXT NOT NULL,
                    "Text" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql(
                $"""
                INSERT INTO "SubJobSearchText" ("SubJobId", "CompanyId", "Text")
                SELECT s."Id", s."CompanyId", {Text("s", "p")} FROM "SubJobs" s JOIN "Projects" p ON p."Id" = s."ProjectId";
                """);
            migrationBuilder.Sql(
                """
                CREATE VIRTUAL TABLE "SubJobSearch" USING fts5("Text", content='SubJobSearchText', content_rowid='RowId', tokenize='trigram');
                """);
            migrationBuilder.Sql("""INSERT INTO "SubJobSearch" ("SubJobSearch") VALUES ('rebuild');""");
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
            migrationBuilder.Sql(
                $"""
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
                DROP TABLE "SubJobSearchText";
                """);
            migrationBuilder.DropIndex(
                name: "IX_SubJobs_CompanyId_State_Code_Id",
                table: "SubJobs");
        }
    }
}
