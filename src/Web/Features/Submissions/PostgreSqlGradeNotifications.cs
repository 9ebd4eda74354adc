using System.Globalization;
using System.Threading.Channels;
using Npgsql;

namespace GraderHub.Web.Features.Submissions;

// PostgreSQL: a grade may be stored by any worker node while its student waits on another node.
// The grader sends the ids it stored on one channel (NOTIFY, batched: one statement carries up
// to a few hundred ids); every node that serves the API keeps one connection LISTENing and wakes
// its own waiters. The grader wakes its own process's waiters at once, without the round trip.
// A node whose listening connection was lost wakes all its waiters once it listens again (they
// re-read), so a notification missed meanwhile costs a read, not a wait to the timeout.
public sealed class PostgreSqlGradeNotifications(string connectionString, bool listen, ILogger<PostgreSqlGradeNotifications> log)
    : GradeNotifications, IHostedService
{
    public const string Channel = "graderhub_grades";

    // NOTIFY's payload holds at most 8,000 bytes; an id and its comma take at most 20.
    private const int MaxIdsPerNotification = 300;

    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<long> _outbox = System.Threading.Channels.Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public override void Stored(long id)
    {
        Wake(id);
        _outbox.Writer.TryWrite(id);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var loops = new List<Task> { Task.Run(() => SendAsync(_stopping.Token), CancellationToken.None) };
        if (listen) loops.Add(Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None));
        _running = Task.WhenAll(loops);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _outbox.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var ids = new List<long>(MaxIdsPerNotification);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                while (ids.Count < MaxIdsPerNotification && _outbox.Reader.TryRead(out var id)) ids.Add(id);
                await NotifyAsync(ids, ct);
                ids.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task NotifyAsync(List<long> ids, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @ids)", connection);
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("ids", string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The grades are stored; their waiters on other nodes read them at their timeout.
            log.LogWarning(ex, "Could not announce {Count} stored grades; waiters on other nodes see them at their timeout", ids.Count);
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        // A connection of its own, outside the pool (it never runs anything but LISTEN), with
        // keepalives so that a server gone away is noticed while the connection is idle.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, e) => WakeEach(e.Payload);
                await connection.OpenAsync(ct);
                await using (var command = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await command.ExecuteNonQueryAsync(ct);
                // Grades stored before this connection listened were not announced to it.
                WakeAll();
                delay = TimeSpan.FromSeconds(1);
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                log.LogWarning(ex, "Listening for stored grades failed; trying again in {Delay}", delay);
                WakeAll();
                try { await Task.Delay(delay, ct); }
                catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }

    private void WakeEach(string payload)
    {
        foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                Wake(id);
    }
}
