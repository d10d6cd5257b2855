using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Data;

// The main SQLite database's per-connection settings, applied once per physical connection (a pooled connection opened
// again keeps them). busy_timeout: a writer that meets another's lock waits in SQLite's own busy handler, which retries
// within a millisecond or so of the lock's release; without it Microsoft.Data.Sqlite retries on its own after fixed
// 150 ms sleeps (its Default Timeout only bounds how long it keeps retrying). synchronous stays FULL, SQLite's default in
// WAL mode (journal_mode=WAL is set once, at migration, and kept by the database file).
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, Sql);
    }
}
