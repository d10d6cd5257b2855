using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Connectors.Sandbox;

internal sealed class SandboxErpDbContext(DbContextOptions<SandboxErpDbContext> options) : DbContext(options)
{
    public DbSet<SandboxJob> Jobs => Set<SandboxJob>();

    public DbSet<SandboxSubJob> SubJobs => Set<SandboxSubJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SandboxJob>(b =>
        {
            b.HasKey(j => j.Id);
            b.HasIndex(j => new { j.Ledger, j.JobId }).IsUnique();
        });
        modelBuilder.Entity<SandboxSubJob>(b =>
        {
            b.HasKey(s => s.Id);
            b.HasIndex(s => new { s.Ledger, s.JobId, s.ErpSubJobId }).IsUnique();
            b.Ignore(s => s.RecordId);
        });
    }
}

internal static class SandboxSubJobQueries
{
    // The sub jobs under one job with one ERP Job ID, whatever its case: like a real ERP, the Sandbox ERP holds
    // phase1 and PHASE1 to be the same sub job. Its own record first, where an older store holds both.
    public static IQueryable<SandboxSubJob> WithErpSubJobId(this IQueryable<SandboxSubJob> subJobs, string ledger, string jobId, string erpSubJobId, string? reference = null) =>
        subJobs
            .Where(s => s.Ledger == ledger && s.JobId == jobId && EF.Functions.Collate(s.ErpSubJobId, "NOCASE") == erpSubJobId)
            .OrderBy(s => s.Reference == reference ? 0 : 1)
            .ThenBy(s => s.Id);
}

internal sealed class SandboxJob
{
    public int Id { get; set; }

    public required string Ledger { get; set; }

    public required string JobId { get; set; }

    public required string Name { get; set; }
}

internal sealed class SandboxSubJob
{
    public int Id { get; set; }

    public required string Ledger { get; set; }

    public required string JobId { get; set; }

    public required string ErpSubJobId { get; set; }

    public required string Description { get; set; }

    public string? Reference { get; set; }

    // A JSON array in the store (format 1); a store of format 0 held them joined by commas, which split a code
    // such as 03,100 in two. SandboxErpStore.EnsureCreatedAsync converts such a store.
    public List<string> CostCodes { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string RecordId => $"SBX-{Id:D6}";

    public ErpSubJob ToErpSubJob() =>
        new(RecordId, JobId, ErpSubJobId, Description, Reference, [.. CostCodes]);
}
