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

    public string CostCodes { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string RecordId => $"SBX-{Id:D6}";

    public ErpSubJob ToErpSubJob() =>
        new(RecordId, JobId, ErpSubJobId, Description, Reference, CostCodes.Length == 0 ? [] : CostCodes.Split(','));
}
