using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Connectors.Sandbox;

// The Sandbox ERP's store runs in WAL mode with synchronous=NORMAL: a commit survives a crash of any process (what the
// exactly-once tests rely on) without paying an fsync per write. A writer that meets another's lock waits in SQLite's
// own busy handler (busy_timeout) rather than in Microsoft.Data.Sqlite's fixed 150 ms sleeps. Both are set once per
// physical connection: a pooled connection opened again keeps them.
internal sealed class SandboxPragmas : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle;
        if (handle is null || Applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, Sql);
    }
}
