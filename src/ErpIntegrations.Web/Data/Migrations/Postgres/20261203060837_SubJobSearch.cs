using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Postgres
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

            // Search: a trigram index (pg_trgm, GIN) over each sub job's code, description and project number and name,
            // one line each so that no match spans two, kept in step by triggers inside the transaction that writes the
            // sub job or renames its project. pg_trgm is a trusted extension: the database's owner may create it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql(
                """
                CREATE TABLE "SubJobSearch" (
                    "SubJobId" uuid PRIMARY KEY REFERENCES "SubJobs" ("Id") ON DELETE CASCADE,
                    "Text" text NOT NULL
                );
                """);
            migrationBuilder.Sql(
                $"""
                INSERT INTO "SubJobSearch" ("SubJobId", "Text")
                SELECT s."Id", {Text("s", "p")} FROM "SubJobs" s JOIN "Projects" p ON p."Id" = s."ProjectId";
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_SubJobSearch_Text" ON "SubJobSearch" USING gin ("Text" gin_trgm_ops);""");
            migrationBuilder.Sql(
                $"""
                CREATE FUNCTION "SubJobSearch_SubJobWritten"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SubJobSearch" ("SubJobId", "Text")
                    SELECT NEW."Id", {Text("NEW", "p")} FROM "Projects" p WHERE p."Id" = NEW."ProjectId"
                    ON CONFLICT ("SubJobId") DO UPDATE SET "Text" = EXCLUDED."Text";
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "SubJobs_Search" AFTER INSERT OR UPDATE OF "Code", "Description", "ProjectId" ON "SubJobs"
                FOR EACH ROW EXECUTE FUNCTION "SubJobSearch_SubJobWritten"();
                """);
            migrationBuilder.Sql(
                $"""
                CREATE FUNCTION "SubJobSearch_ProjectRenamed"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "SubJobSearch" x SET "Text" = {Text("s", "NEW")}
                    FROM "SubJobs" s WHERE s."Id" = x."SubJobId" AND s."ProjectId" = NEW."Id";
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "Projects_Search" AFTER UPDATE OF "Number", "Name" ON "Projects"
                FOR EACH ROW EXECUTE FUNCTION "SubJobSearch_ProjectRenamed"();
                """);
        }

        private static string Text(string subJob, string project) =>
            $"""{subJob}."Code" || E'\n' || {subJob}."Description" || E'\n' || {project}."Number" || E'\n' || {project}."Name" """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER "Projects_Search" ON "Projects";
                DROP TRIGGER "SubJobs_Search" ON "SubJobs";
                DROP FUNCTION "SubJobSearch_ProjectRenamed"();
                DROP FUNCTION "SubJobSearch_SubJobWritten"();
                DROP TABLE "SubJobSearch";
                """);
            migrationBuilder.DropIndex(
                name: "IX_SubJobs_CompanyId_State_Code_Id",
                table: "SubJobs");
        }
    }
}
