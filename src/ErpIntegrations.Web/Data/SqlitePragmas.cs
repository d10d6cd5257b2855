using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Data;

// The main SQLite database's per-connection settings, applied once per physical connection (a pooled connection opened
// again keeps them). busy_timeout: a writer that meets another's lock waits in SQLite's own busy handler, which retries
// within a millisecond or so of the lock's release; without it Microsoft.Data.Sqlite retries on its own after fixed
// 150 ms sleeps (its Default Timeout only bounds how long it keeps retrying). synchronous stays FULL, SQLite's default in
// WAL mode (journal_mode=WAL is set once, at migration, and kept by the database file). The query planner's stability
// guarantee (SQLITE_DBCONFIG_ENABLE_QPSG): a statement keeps the plan it was prepared with whatever values are bound to
// it. Without it SQLite lets some plans depend on a bound value (a parameter compared with a partial index's filter, a
// LIKE pattern's prefix), and then compiles the statement again whenever that parameter is bound, even to the same
// value: the list's page statement was compiled again on every run, kept prepared (KeptSqliteConnection) or not. The
// app's queries write into the statement every value a partial index needs (states, as constants), and its searches
// use the FTS5 index, not a LIKE prefix, so no plan here needed a bound value.
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

    internal static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _), handle);
        Applied.AddOrUpdate(handle, Sql);
    }
}
