using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// A sub job's audit entries, oldest first: its history, the same on the project's Admin tool and in ERP Integrations.
internal static class SubJobHistory
{
    [ApiSchemaId("ProjectSubJobsDetailsHistoryEntry")]
    internal sealed record Entry(long Id, DateTime At, string ActorName, AuditAction Action, string? Details);

    public static async Task<IReadOnlyList<Entry>> OfAsync(AppDbContext db, Guid subJobId, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking()
            .Where(a => a.SubJobId == subJobId)
            .OrderBy(a => a.Id)
            .Select(a => new Entry(a.Id, a.At, a.ActorName, a.Action, a.Details))
            .ToListAsync(cancellationToken);
}
