using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ErpIntegrations.Web.Data;

// One subclass per provider so each keeps its own migration set (EF Core's documented way).
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, CurrentCompany currentCompany)
    : AppDbContext(options, currentCompany);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, CurrentCompany currentCompany)
    : AppDbContext(options, currentCompany);

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options, new CurrentCompany());
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options, new CurrentCompany());
}
