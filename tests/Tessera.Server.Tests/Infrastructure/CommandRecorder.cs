using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// Every SQL command EF Core runs in this process while the recorder lives (the test server runs in the test process),
/// read from EF Core's diagnostic events: for tests that count what a request asks the database.
/// </summary>
public sealed class CommandRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _all;
    private readonly ConcurrentBag<IDisposable> _listeners = [];
    private readonly ConcurrentQueue<RecordedCommand> _commands = new();

    public CommandRecorder() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public IReadOnlyList<RecordedCommand> Commands => [.. _commands];

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _listeners.Add(listener.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
        {
            _commands.Enqueue(new RecordedCommand(data.Command.CommandText,
                data.Command.Parameters.Cast<DbParameter>().Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList()));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}

/// <summary>One command: its SQL and its parameter values as text.</summary>
public sealed record RecordedCommand(string Text, IReadOnlyList<string> Parameters)
{
    public bool Mentions(string value) => Text.Contains(value, StringComparison.Ordinal) || Parameters.Any(p => p.Contains(value, StringComparison.Ordinal));
}
