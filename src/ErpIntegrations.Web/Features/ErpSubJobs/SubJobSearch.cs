using System.Text;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// The sub jobs whose code, description, project number or project name contain a search, whatever its case, found
// through each database's trigram index (the SubJobSearch and ListsAtScale migrations: SQLite FTS5, PostgreSQL
// pg_trgm), which holds each sub job's company: a search reads only its company's matches, from the index alone, so
// that a search that matches nothing reads no sub job. On SQLite a list page reads a search in one of two ways, chosen
// inside its statement by counting the company's matches up to CommonMatches: fewer, it reads the matches and sorts
// them; as many or more, it walks the list's own index in its order and keeps the rows that match, stopping at the
// page, as the matches are then frequent enough for that to be the shorter read (PostgreSQL reads the company's
// matches first, whatever their number). A trigram index cannot look up fewer than three
// characters; such a search walks the company's list under the filter and stops at the first page.
internal static class SubJobSearch
{
    public const int MinIndexedLength = 3;

    public const int CommonMatches = 1000;

    // A way to read the company's sub jobs under a search (or none). Projects: when they can be read in the list's own
    // order, the company's projects, for the list by project to walk them one project after the other.
    public sealed record Source(IQueryable<SubJob> SubJobs, IQueryable<Project>? Projects);

    public static string? Term(string? search) => string.IsNullOrWhiteSpace(search) ? null : search.Trim();

    // The ways a page can read the sub jobs; of two, only the one the statement chooses reads any row.
    public static IReadOnlyList<Source> Sources(AppDbContext db, string? term)
    {
        var companyId = db.CompanyId;
        var projects = db.Projects.Where(p => p.CompanyId == companyId);
        if (term is null || term.Contains('\n', StringComparison.Ordinal) || term.EnumerateRunes().Count() < MinIndexedLength)
        {
            return [new Source((term is null ? db.SubJobs : Matching(db, term)).Where(s => s.CompanyId == companyId), projects)];
        }

        if (db is PostgresAppDbContext)
        {
            // The company's matches are read first, once (an InitPlan), and their sub jobs then by key.
            return [new Source(Matching(db, term).Where(s => s.CompanyId == companyId), null)];
        }

        // One phrase of the term's trigrams, in order: the term as a substring, among the rowids of the company's range
        // (see the ListsAtScale migration; FTS5 takes a null bound for no bound, hence an empty range such as 1 to 0).
        // (EF Core keeps a Guid as upper-case text in SQLite.) SQLite tests a condition of subqueries on every row, so
        // the choice is made where it is read once: the range of rowids read from the index starts after its end, or
        // the company's id sought in the list's index is null, for the way not chosen, which then reads nothing. Each
        // use of the index costs a lookup of every trigram of the term, so the statement uses it as few times as it can.
        // CROSS JOIN keeps SQLite reading from the index outwards; walking the list, each row's rowid is looked up among
        // the company's matches, read once into a temporary index.
        var phrase = Phrase(term);
        var company = companyId.ToString().ToUpperInvariant();
        return
        [
            new Source(db.SubJobs.FromSql(
                $"""
                SELECT s.* FROM "SubJobSearch" f CROSS JOIN "SubJobSearchText" t CROSS JOIN "SubJobs" s
                WHERE f."SubJobSearch" MATCH {phrase}
                    AND f.rowid BETWEEN coalesce((SELECT k."Key" << 32 FROM "SubJobSearchCompanies" k WHERE k."CompanyId" = {company}
                            AND (SELECT count(*) FROM (SELECT 1 FROM "SubJobSearch" c WHERE c."SubJobSearch" MATCH {phrase}
                                AND c.rowid BETWEEN k."Key" << 32 AND (k."Key" << 32) + 4294967295 LIMIT {CommonMatches})) < {CommonMatches}), 9223372036854775807)
                        AND coalesce((SELECT ("Key" << 32) + 4294967295 FROM "SubJobSearchCompanies" WHERE "CompanyId" = {company}), 0)
                    AND t."RowId" = f.rowid AND s."Id" = t."SubJobId"
                """).Where(s => s.CompanyId == companyId), null),
            new Source(
                db.SubJobs.FromSql(
                    $"""
                    SELECT s.* FROM "SubJobs" s
                    WHERE s."CompanyId" = (SELECT k."CompanyId" FROM "SubJobSearchCompanies" k WHERE k."CompanyId" = {company}
                            AND (SELECT count(*) FROM (SELECT 1 FROM "SubJobSearch" c WHERE c."SubJobSearch" MATCH {phrase}
                                AND c.rowid BETWEEN k."Key" << 32 AND (k."Key" << 32) + 4294967295 LIMIT {CommonMatches})) >= {CommonMatches})
                        AND (SELECT t."RowId" FROM "SubJobSearchText" t WHERE t."SubJobId" = s."Id") IN (SELECT f.rowid FROM "SubJobSearch" f WHERE f."SubJobSearch" MATCH {phrase}
                            AND f.rowid BETWEEN coalesce((SELECT "Key" << 32 FROM "SubJobSearchCompanies" WHERE "CompanyId" = {company}), 1)
                            AND coalesce((SELECT ("Key" << 32) + 4294967295 FROM "SubJobSearchCompanies" WHERE "CompanyId" = {company}), 0))
                    """),
                db.Projects.FromSql(
                    $"""
                    SELECT p.* FROM "Projects" p
                    WHERE p."CompanyId" = (SELECT k."CompanyId" FROM "SubJobSearchCompanies" k WHERE k."CompanyId" = {company}
                        AND (SELECT count(*) FROM (SELECT 1 FROM "SubJobSearch" c WHERE c."SubJobSearch" MATCH {phrase}
                            AND c.rowid BETWEEN k."Key" << 32 AND (k."Key" << 32) + 4294967295 LIMIT {CommonMatches})) >= {CommonMatches})
                    """)),
        ];
    }

    // All of the company's sub jobs that match a search, read from its matches (the counts of a search).
    public static IQueryable<SubJob> Matching(AppDbContext db, string term)
    {
        // The indexed text puts each field on a line of its own; no field holds a line break.
        if (term.Contains('\n', StringComparison.Ordinal))
        {
            return db.SubJobs.Where(_ => false);
        }

        if (term.EnumerateRunes().Count() < MinIndexedLength)
        {
            var upper = term.ToUpperInvariant();
            return db.SubJobs.Where(s =>
                s.Code.ToUpper().Contains(upper)
                || s.Description.ToUpper().Contains(upper)
                || s.Project.Name.ToUpper().Contains(upper)
                || s.Project.Number.ToUpper().Contains(upper));
        }

        var companyId = db.CompanyId;
        if (db is PostgresAppDbContext)
        {
            var pattern = $"%{Escape(term)}%";
            return db.SubJobs.FromSql(
                $"""SELECT s.* FROM "SubJobs" s WHERE s."Id" = ANY (ARRAY(SELECT x."SubJobId" FROM "SubJobSearch" x WHERE x."CompanyId" = {companyId} AND x."Text" ILIKE {pattern}))""");
        }

        var phrase = Phrase(term);
        var company = companyId.ToString().ToUpperInvariant();
        return db.SubJobs.FromSql(
            $"""
            SELECT s.* FROM "SubJobSearch" f CROSS JOIN "SubJobSearchText" t CROSS JOIN "SubJobs" s
            WHERE f."SubJobSearch" MATCH {phrase}
                AND f.rowid BETWEEN coalesce((SELECT "Key" << 32 FROM "SubJobSearchCompanies" WHERE "CompanyId" = {company}), 1)
                    AND coalesce((SELECT ("Key" << 32) + 4294967295 FROM "SubJobSearchCompanies" WHERE "CompanyId" = {company}), 0)
                AND t."RowId" = f.rowid AND s."Id" = t."SubJobId"
            """);
    }

    private static string Phrase(string term) => $"\"{term.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Escape(string term)
    {
        var escaped = new StringBuilder(term.Length + 4);
        foreach (var c in term)
        {
            if (c is '\\' or '%' or '_')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
