using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>What the app logged, at the levels its configuration lets through (Warning and up unless a test asks for more).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LoggerExternalScopeProvider _scopes = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, object?>();
            logs._scopes.ForEachScope(
                (scope, values) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            values[key] = value;
                        }
                    }
                },
                scopes);
            logs._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception) { Scopes = scopes });
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    /// <summary>The values of the logger scopes the entry was written in.</summary>
    public IReadOnlyDictionary<string, object?> Scopes { get; init; } = new Dictionary<string, object?>();

    public override string ToString() => $"{Level} {Category}[{EventId}]: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name})")}";
}
