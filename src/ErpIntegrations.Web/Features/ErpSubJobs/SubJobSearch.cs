using System.Text;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// The sub jobs whose code, description, project number or project name contain a search, whatever its case, found
// through each database's trigram index (the SubJobSearch migration: SQLite FTS5, PostgreSQL pg_trgm), which answers
// from the index alone: a search that matches nothing reads no sub job. A trigram index cannot look up fewer than
// three characters; such a search reads the company's sub jobs under the filter instead, and stops at the first page.
internal static class SubJobSearch
{
    public const int MinIndexedLength = 3;

    public static string? Term(string? search) => string.IsNullOrWhiteSpace(search) ? null : search.Trim();

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

        if (db is PostgresAppDbContext)
        {
            var pattern = $"%{Escape(term)}%";
            // The matches are read first, once (an InitPlan), and their sub jobs then by key, whatever the planner
            // thinks of the company's own rows.
            return db.SubJobs.FromSql(
                $"""SELECT s.* FROM "SubJobs" s WHERE s."Id" = ANY (ARRAY(SELECT x."SubJobId" FROM "SubJobSearch" x WHERE x."Text" ILIKE {pattern}))""");
        }

        // One phrase of the term's trigrams, in order: the term as a substring. CROSS JOIN keeps SQLite reading from
        // the index outwards; the company's matches are kept before their sub jobs are read. (EF Core keeps a Guid as
        // upper-case text in SQLite.)
        var phrase = $"\"{term.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        var companyId = db.CompanyId.ToString().ToUpperInvariant();
        return db.SubJobs.FromSql(
            $"""
            SELECT s.* FROM "SubJobSearch" f CROSS JOIN "SubJobSearchText" t CROSS JOIN "SubJobs" s
            WHERE f."SubJobSearch" MATCH {phrase} AND t."RowId" = f.rowid AND t."CompanyId" = {companyId} AND s."Id" = t."SubJobId"
            """);
    }

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
