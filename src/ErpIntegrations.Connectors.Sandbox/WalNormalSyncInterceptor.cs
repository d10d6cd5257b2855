using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Connectors.Sandbox;

// The Sandbox ERP's store runs in WAL mode with synchronous=NORMAL: a commit survives a crash of any
// process (what the exactly-once tests rely on) without paying an fsync per write.
internal sealed class WalNormalSyncInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
