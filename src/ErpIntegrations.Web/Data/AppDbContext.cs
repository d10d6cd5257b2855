using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ErpIntegrations.Web.Data;

// The one model. Company-owned rows are filtered to CompanyId, the signed-in person's
// company, so a query cannot see another tenant by accident; workers that serve every company say so
// with IgnoreQueryFilters().
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    // The scope's company (the request's or the job's). Contexts come from a pool and serve one scope after another:
    // the scope's AppDbContext is handed out with its own CurrentCompany set (AppSetup), never the last scope's.
    public CurrentCompany CurrentCompany { get; set; } = new();

    public Guid CompanyId => CurrentCompany.Id ?? Guid.Empty;

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectPermission> ProjectPermissions => Set<ProjectPermission>();

    public DbSet<CostCode> CostCodes => Set<CostCode>();

    public DbSet<SubJob> SubJobs => Set<SubJob>();

    public DbSet<ErpRequest> ErpRequests => Set<ErpRequest>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ConnectorCredential> ConnectorCredentials => Set<ConnectorCredential>();

    public DbSet<IntegratorJob> IntegratorJobs => Set<IntegratorJob>();

    public DbSet<IntegratorSubJob> IntegratorSubJobs => Set<IntegratorSubJob>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    // ASP.NET Core Data Protection's key ring (cookies, set-password links, ERP secrets), shared by every instance.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // ERP connections companies have used, each kept for its company (ErpConnectionClaim); not filtered by company.
    public DbSet<ErpConnectionClaim> ErpConnectionClaims => Set<ErpConnectionClaim>();

    // Set by the demo seed: its history is made up, so nobody is mailed about it.
    public bool WithoutNotifications { get; set; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<PermissionLevel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SubJobState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ErpRequestStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AuditAction>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<EmailKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<EmailStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IntegratorAnswer>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<WebhookStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<User>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(200);
            b.Property(u => u.TimeZone).HasMaxLength(TimeZones.MaxIdLength);
            b.HasOne<Company>().WithMany().HasForeignKey(u => u.CompanyId);
            b.HasIndex(u => u.CompanyId);
        });

        builder.Entity<Company>(b =>
        {
            b.Property(c => c.Name).HasMaxLength(200);
            b.Property(c => c.ErpConnector).HasMaxLength(50);
            b.Property(c => c.ErpConnection).HasMaxLength(Company.MaxErpConnectionLength);
            b.Property(c => c.ErpSecrets).HasDefaultValue("");
            b.Property(c => c.DirectoryVersion).IsConcurrencyToken();
            b.HasIndex(c => new { c.ErpConnector, c.ErpConnection }).IsUnique();
        });

        builder.Entity<ErpConnectionClaim>(b =>
        {
            b.HasKey(c => new { c.Connector, c.Connection });
            b.Property(c => c.Connector).HasMaxLength(50);
            b.Property(c => c.Connection).HasMaxLength(Company.MaxErpConnectionLength);
            b.HasOne<Company>().WithMany().HasForeignKey(c => c.CompanyId);
            b.HasIndex(c => c.CompanyId);
        });

        builder.Entity<Project>(b =>
        {
            b.Property(p => p.Number).HasMaxLength(50);
            b.Property(p => p.Name).HasMaxLength(200);
            b.Property(p => p.ErpJobId).HasMaxLength(100);
            b.HasOne<Company>().WithMany().HasForeignKey(p => p.CompanyId);
            b.HasIndex(p => new { p.CompanyId, p.Number }).IsUnique();

            // Linking checks first that no other project holds the job; this index decides when two links race.
            b.HasIndex(p => new { p.CompanyId, p.ErpJobId }).IsUnique().HasFilter("\"ErpJobId\" IS NOT NULL");
            b.HasQueryFilter(p => p.CompanyId == CompanyId);
        });

        builder.Entity<ProjectPermission>(b =>
        {
            b.HasKey(p => new { p.ProjectId, p.UserId });
            b.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId);
            b.HasOne<User>().WithMany().HasForeignKey(p => p.UserId);
            b.HasIndex(p => p.UserId);
        });

        builder.Entity<CostCode>(b =>
        {
            b.Property(c => c.Code).HasMaxLength(30);
            b.Property(c => c.Description).HasMaxLength(200);
            b.HasOne<Company>().WithMany().HasForeignKey(c => c.CompanyId);
            b.HasIndex(c => new { c.CompanyId, c.Code }).IsUnique();
            b.HasQueryFilter(c => c.CompanyId == CompanyId);
        });

        builder.Entity<SubJob>(b =>
        {
            b.Property(s => s.Code).HasMaxLength(100);
            b.Property(s => s.Description).HasMaxLength(500);
            b.Property(s => s.LastSentByName).HasMaxLength(200);
            // The columns keep their first names, so existing databases need no migration for the clearer property names.
            b.Property(s => s.ErpSubJobId).HasColumnName("ErpJobId").HasMaxLength(100);
            b.Property(s => s.NormalizedErpSubJobId).HasColumnName("NormalizedErpJobId").HasMaxLength(100);
            b.Property(s => s.ErpRecordId).HasMaxLength(100);
            b.Property(s => s.RejectionReason).HasMaxLength(SubJob.MaxRejectionReasonLength);
            b.Property(s => s.RejectedByName).HasMaxLength(200);
            b.Property(s => s.Version).IsConcurrencyToken();
            b.HasOne(s => s.Project).WithMany().HasForeignKey(s => s.ProjectId);
            b.HasOne<Company>().WithMany().HasForeignKey(s => s.CompanyId);
            b.HasIndex(s => new { s.ProjectId, s.Code }).IsUnique();
            b.HasIndex(s => new { s.CompanyId, s.State, s.LastSentAt });

            // The lists sorted by code read this range in order (by sent date: the one above; by project: Projects'
            // (CompanyId, Number) and then, one project after the other, the next index's range of the state).
            b.HasIndex(s => new { s.CompanyId, s.State, s.Code, s.Id });
            b.HasIndex(s => new { s.ProjectId, s.State, s.Code });

            // Two approvers accepting two sub jobs of one job under the same ERP Job ID at once both pass
            // Accept's check; this index lets only one commit. Per project, as each ERP job has one project
            // and a project cannot move its link while sub jobs are Exporting or Synced. The filter is the
            // same SQL on SQLite and PostgreSQL.
            b.HasIndex(s => new { s.ProjectId, s.NormalizedErpSubJobId })
                .IsUnique()
                .HasFilter($"\"State\" IN ('{nameof(SubJobState.Exporting)}', '{nameof(SubJobState.Synced)}')");
            b.HasMany(s => s.CostCodes).WithOne().HasForeignKey(c => c.SubJobId);
            b.Navigation(s => s.CostCodes).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasMany(s => s.History).WithOne().HasForeignKey(a => a.SubJobId);
            b.Navigation(s => s.History).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasQueryFilter(s => s.CompanyId == CompanyId);
        });

        builder.Entity<SubJobCostCode>(b =>
        {
            b.HasKey(c => new { c.SubJobId, c.CostCodeId });
            b.Property(c => c.Code).HasMaxLength(30);
            b.Property(c => c.Description).HasMaxLength(200);
            b.HasOne<CostCode>().WithMany().HasForeignKey(c => c.CostCodeId);
        });

        builder.Entity<AuditEntry>(b =>
        {
            b.Property(a => a.ActorName).HasMaxLength(200);
            b.HasIndex(a => new { a.SubJobId, a.Id });
            b.HasQueryFilter(a => a.CompanyId == CompanyId);
        });

        builder.Entity<OutboxEmail>(b =>
        {
            b.Property(e => e.ToAddress).HasMaxLength(256);
            b.Property(e => e.ToName).HasMaxLength(200);
            b.Property(e => e.Subject).HasMaxLength(300);
            b.Property(e => e.DedupKey).HasMaxLength(100);
            b.Property(e => e.LeaseToken).IsConcurrencyToken();
            b.Ignore(e => e.MessageId);
            b.HasIndex(e => new { e.Status, e.NextAttemptAt });
            b.HasIndex(e => e.DedupKey).IsUnique();
            b.HasIndex(e => new { e.CompanyId, e.CreatedAt });
            b.HasQueryFilter(e => e.CompanyId == CompanyId);
        });

        builder.Entity<ApiToken>(b =>
        {
            b.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
            b.Property(t => t.Prefix).HasMaxLength(ApiToken.PrefixLength);
            b.Property(t => t.Hash).HasMaxLength(64);
            b.HasIndex(t => t.Hash).IsUnique();
            b.HasIndex(t => new { t.UserId, t.CreatedAt });
            b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
            b.HasOne<Company>().WithMany().HasForeignKey(t => t.CompanyId);
            b.HasQueryFilter(t => t.CompanyId == CompanyId);
        });

        builder.Entity<ErpRequest>(b =>
        {
            b.Property(r => r.ErpSubJobId).HasColumnName("ErpJobId").HasMaxLength(100);
            b.Property(r => r.RequestedByName).HasMaxLength(200);
            b.Property(r => r.ErpRecordId).HasMaxLength(100);
            b.Property(r => r.LeaseToken).IsConcurrencyToken();
            b.HasOne<SubJob>().WithMany().HasForeignKey(r => r.SubJobId);
            b.HasIndex(r => new { r.Status, r.NextAttemptAt });
            b.HasIndex(r => r.SubJobId);
            b.HasIndex(r => new { r.CompanyId, r.ViaIntegrator, r.Status });
            b.HasQueryFilter(r => r.CompanyId == CompanyId);
        });

        builder.Entity<ConnectorCredential>(b =>
        {
            b.Property(t => t.Name).HasMaxLength(ConnectorCredential.MaxNameLength);
            b.Property(t => t.Prefix).HasMaxLength(ConnectorCredential.PrefixLength);
            b.Property(t => t.Hash).HasMaxLength(64);
            b.Property(t => t.CreatedByName).HasMaxLength(200);
            b.HasIndex(t => t.Hash).IsUnique();
            b.HasIndex(t => new { t.CompanyId, t.CreatedAt });
            b.HasOne<Company>().WithMany().HasForeignKey(t => t.CompanyId);
            b.HasQueryFilter(t => t.CompanyId == CompanyId);
        });

        builder.Entity<IntegratorJob>(b =>
        {
            b.HasKey(j => new { j.CompanyId, j.ErpJobId });
            b.Property(j => j.ErpJobId).HasMaxLength(100);
            b.Property(j => j.Name).HasMaxLength(IntegratorJob.MaxNameLength);
            b.HasOne<Company>().WithMany().HasForeignKey(j => j.CompanyId);
            b.HasQueryFilter(j => j.CompanyId == CompanyId);
        });

        builder.Entity<IntegratorSubJob>(b =>
        {
            b.HasKey(j => new { j.CompanyId, j.JobErpId, j.ErpSubJobId });
            b.Property(j => j.JobErpId).HasMaxLength(100);
            b.Property(j => j.ErpSubJobId).HasMaxLength(100);
            b.Property(j => j.Description).HasMaxLength(500);
            b.Property(j => j.CostCodes).HasMaxLength(4000);
            b.Ignore(j => j.CostCodeList);
            b.HasOne<Company>().WithMany().HasForeignKey(j => j.CompanyId);
            b.HasQueryFilter(j => j.CompanyId == CompanyId);
        });

        builder.Entity<WebhookDelivery>(b =>
        {
            b.Property(d => d.EventId).HasMaxLength(40);
            b.Property(d => d.Type).HasMaxLength(40);
            b.Property(d => d.Url).HasMaxLength(WebhookDelivery.MaxUrlLength);
            b.Property(d => d.LastError).HasMaxLength(500);
            b.Property(d => d.LeaseToken).IsConcurrencyToken();
            b.HasIndex(d => new { d.Status, d.NextAttemptAt });
            b.HasIndex(d => new { d.CompanyId, d.CreatedAt });
            b.HasIndex(d => d.EventId).IsUnique();
            b.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId);
            b.Navigation(d => d.AttemptLog).HasField("_attempts").UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasOne<Company>().WithMany().HasForeignKey(d => d.CompanyId);
            b.HasQueryFilter(d => d.CompanyId == CompanyId);
        });

        builder.Entity<WebhookAttempt>(b =>
        {
            b.Property(a => a.Error).HasMaxLength(500);
            b.HasIndex(a => new { a.DeliveryId, a.Number });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

// Unset for workers and start-up.
public sealed class CurrentCompany
{
    public Guid? Id { get; set; }
}
