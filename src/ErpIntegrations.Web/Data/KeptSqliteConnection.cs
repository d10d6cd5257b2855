using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Data;

// SQLite compiles every statement it is given (parse, plan, code), and EF Core gives it a new command, so a new
// statement, for every query: on the list API that was about a third of the server's CPU, more than running the
// statements. A request's context therefore keeps its SQLite connection open between requests, as long as EF Core's pool
// keeps the context, and keeps each statement it ran prepared on that connection, to run it again with new values
// (SqliteStatementCache swaps EF Core's new command for the prepared one of the same text).
//
// Kept open means Close does nothing while the connection is idle: no transaction open (SQLite's autocommit) and none of
// its prepared statements running. Otherwise Close closes for real, as before, which rolls back what was left. SQLite
// holds no lock for an idle connection, and a prepared statement that is not running reads what was committed last, like
// a new one (a statement compiled before a change of schema is compiled again by SQLite when it next runs). Disposing
// closes for real and frees the statements: SqliteStatementCache disposes every kept connection when the app stops.
internal sealed class KeptSqliteConnection(string connectionString, SqliteStatementCache cache) : SqliteConnection(connectionString)
{
    // Statements a connection keeps: beyond that, a new text runs as before, compiled once.
    public const int MaxStatements = 200;

    private readonly Dictionary<string, KeptCommand> _statements = new(StringComparer.Ordinal);
    private bool _releasing;
    private bool _disposed;

    public int KeptStatements => _statements.Count;

    public override void Close()
    {
        if (_disposed || State != System.Data.ConnectionState.Open || InUse())
        {
            Release();
            base.Close();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Disposed, it is an ordinary connection: anything that opens it again (a worker still finishing as the app
        // stops) has it closed for real after each use, so that no physical connection outlives the app unseen.
        if (disposing && !_disposed)
        {
            _disposed = true;
            cache.Forget(this);
        }

        base.Dispose(disposing);
    }

    // The prepared command of the same text, given the values EF Core put on its new one; the new one when this text is
    // running already (a query read inside another's loop) or no more statements are kept.
    internal DbCommand Reuse(SqliteCommand created)
    {
        if (!_statements.TryGetValue(created.CommandText, out var kept))
        {
            if (_disposed || _statements.Count >= MaxStatements)
            {
                return created;
            }

            kept = new KeptCommand(this) { CommandText = created.CommandText };
            _statements.Add(created.CommandText, kept);
        }
        else if (kept.Running)
        {
            return created;
        }

        var parameters = new SqliteParameter[created.Parameters.Count];
        created.Parameters.CopyTo(parameters, 0);
        created.Parameters.Clear();
        kept.Parameters.AddRange(parameters);
        kept.Transaction = created.Transaction;
        kept.CommandTimeout = created.CommandTimeout;
        kept.Running = true;
        created.Dispose();
        return kept;
    }

    // A transaction open (commands left inside it) or one of the kept statements still running (a reader not disposed).
    private bool InUse() =>
        (Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0) || _statements.Values.Any(s => s.Running);

    private void Release()
    {
        _releasing = true;
        try
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }
        }
        finally
        {
            _statements.Clear();
            _releasing = false;
        }
    }

    // Disposing it after a run (EF Core does after every command) keeps it prepared for the next.
    private sealed class KeptCommand(KeptSqliteConnection connection) : SqliteCommand(null, connection)
    {
        public bool Running { get; set; }

        protected override void Dispose(bool disposing)
        {
            Parameters.Clear();
            Running = false;
            if (connection._releasing || connection._disposed || !disposing)
            {
                base.Dispose(disposing);
            }
        }
    }
}

// Gives a request's context its kept connection (at most MaxConnections of them in a process: a context beyond that
// opens and closes a pooled connection per query, as before), swaps the commands EF Core creates on it for the prepared
// ones, and closes them all when the app stops (EF Core's pool does not dispose the connections of the contexts it
// holds then).
internal sealed class SqliteStatementCache(string connectionString) : DbCommandInterceptor, IDisposable
{
    public const int MaxConnections = 64;

    private readonly HashSet<KeptSqliteConnection> _kept = [];
    private bool _disposed;

    public void Keep(DbContext db)
    {
        if (db.Database.GetDbConnection() is KeptSqliteConnection)
        {
            return;
        }

        KeptSqliteConnection connection;
        lock (_kept)
        {
            if (_disposed || _kept.Count >= MaxConnections)
            {
                return;
            }

            connection = new KeptSqliteConnection(connectionString, this);
            _kept.Add(connection);
        }

        db.Database.SetDbConnection(connection, contextOwnsConnection: true);
    }

    internal void Forget(KeptSqliteConnection connection)
    {
        lock (_kept)
        {
            _kept.Remove(connection);
        }
    }

    // EF Core's pool does not dispose its contexts' connections when the app stops: closed here, after the workers.
    public void Dispose()
    {
        List<KeptSqliteConnection> kept;
        lock (_kept)
        {
            _disposed = true;
            kept = [.. _kept];
        }

        foreach (var connection in kept)
        {
            connection.Dispose();
        }
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        result is SqliteCommand { Connection: KeptSqliteConnection connection } command ? connection.Reuse(command) : result;
}
