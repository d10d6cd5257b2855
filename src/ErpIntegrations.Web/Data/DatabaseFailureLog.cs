using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Data;

// EF Core logs every failed command and every failed SaveChanges at error level, yet a unique index keeping out the
// second of two equal saves is a lost race the app expects and answers with a 409. EF Core can change the level of an
// event only for all its failures, so its own CommandError and SaveChangesFailed are lowered to debug (Configure) and
// this interceptor logs each failure again at its level: information for a lost race, error for anything else, which
// still means something is wrong. An optimistic concurrency conflict, the other expected 409, EF Core reports apart
// (at debug); it is logged here at information beside the lost races.
internal sealed partial class DatabaseFailureLog(ILogger<DatabaseFailureLog> logger) : IDbCommandInterceptor, ISaveChangesInterceptor
{
    public static void Configure(WarningsConfigurationBuilder warnings) =>
        warnings.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug));

    // The database refused the command because a unique index already holds the value. A primary key violation is a
    // bug, not a race, and is not one of these.
    public static bool IsUniqueViolation(Exception? databaseError) => databaseError switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 } => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg => pg.ConstraintName?.StartsWith("PK_", StringComparison.Ordinal) == false,
        _ => false,
    };

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LogCommand(command, eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LogCommand(command, eventData);
        return Task.CompletedTask;
    }

    public InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        SaveConflicted(logger, eventData.Context?.GetType().Name ?? "DbContext");
        return result;
    }

    public ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ThrowingConcurrencyException(eventData, result));

    public void SaveChangesFailed(DbContextErrorEventData eventData) => LogSave(eventData);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LogSave(eventData);
        return Task.CompletedTask;
    }

    private void LogCommand(DbCommand command, CommandErrorEventData eventData)
    {
        // The SaveChanges that ran it, if any, says so at information level.
        if (IsUniqueViolation(eventData.Exception))
        {
            CommandLostRace(logger, command.CommandText);
        }
        else
        {
            CommandFailed(logger, eventData.Exception, (long)eventData.Duration.TotalMilliseconds, command.CommandText);
        }
    }

    private void LogSave(DbContextErrorEventData eventData)
    {
        var context = eventData.Context?.GetType().Name ?? "DbContext";
        if (eventData.Exception is DbUpdateException { InnerException: var inner } && IsUniqueViolation(inner))
        {
            SaveLostRace(logger, context, inner!.Message);
        }
        else
        {
            SaveFailed(logger, eventData.Exception, context);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A unique index refused a database command (a lost race): {CommandText}")]
    private static partial void CommandLostRace(ILogger logger, string commandText);

    [LoggerMessage(Level = LogLevel.Error, Message = "A database command failed after {ElapsedMilliseconds} ms: {CommandText}")]
    private static partial void CommandFailed(ILogger logger, Exception exception, long elapsedMilliseconds, string commandText);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Context} did not save: someone else changed the same row since it was read (a concurrency conflict, answered as such).")]
    private static partial void SaveConflicted(ILogger logger, string context);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Context} did not save: a unique index already holds the value (a lost race, answered as such). {DatabaseMessage}")]
    private static partial void SaveLostRace(ILogger logger, string context, string databaseMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Context} could not save its changes.")]
    private static partial void SaveFailed(ILogger logger, Exception exception, string context);
}
