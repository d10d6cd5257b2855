using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.CostCodes;

/// <summary>The company's standard cost codes, active and deactivated, with how many sub jobs use each.</summary>
internal static class List
{
    internal sealed record Row(Guid Id, string Code, string Description, bool IsActive, int UsedBySubJobs);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            await CostCodeAdmin.RequireAsync(currentUser, cancellationToken);
            var codes = await db.CostCodes.AsNoTracking().OrderBy(c => c.Code).ToListAsync(cancellationToken);
            var ids = codes.Select(c => c.Id).ToList();
            var uses = await db.Set<Domain.SubJobCostCode>().AsNoTracking()
                .Where(u => ids.Contains(u.CostCodeId))
                .GroupBy(u => u.CostCodeId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            return [.. codes.Select(c => new Row(c.Id, c.Code, c.Description, c.IsActive, uses.GetValueOrDefault(c.Id)))];
        }
    }
}
