using System.Collections.Concurrent;
using System.Net;

namespace GraderHub.Web.Features.Account;

public sealed class LoginThrottleOptions
{
    // Failed sign-ins a client (an IPv4 address, an IPv6 /64) may make before it must wait; the
    // wait then doubles with each further failure, from one second up to ClientMaxDelay.
    public int ClientFreeFailures { get; set; } = 5;
    public TimeSpan ClientMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    // Failed sign-ins to one account, from all clients without that account's device cookie
    // together, before they must wait. The cap is short on purpose: this limit is shared with
    // strangers, so it slows a distributed guesser without ever locking the student out, and the
    // student's own browser (with its device cookie) is not subject to it at all.
    public int AccountFreeFailures { get; set; } = 10;
    public TimeSpan AccountMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    // Failures older than this are forgotten.
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    // Distinct clients and accounts remembered at once; the stalest are dropped past it.
    public int MaxEntries { get; set; } = 100_000;
}

// Counts failed sign-ins per client, per account and per trusted device, and says how long a
// caller must wait. Nothing here locks an account: a stranger's failures delay strangers.
public sealed class LoginThrottle(TimeProvider clock, Microsoft.Extensions.Options.IOptions<LoginThrottleOptions> options)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly LoginThrottleOptions _options = options.Value;

    private readonly record struct Counter(int Failures, DateTimeOffset LastFailure);

    public sealed record Key(string Value, int FreeFailures, TimeSpan MaxDelay);

    public Key Client(IPAddress? address) =>
        new("c:" + ClientBucket(address), _options.ClientFreeFailures, _options.ClientMaxDelay);

    public Key Account(string normalizedEmail) =>
        new("a:" + normalizedEmail, _options.AccountFreeFailures, _options.AccountMaxDelay);

    // A browser that signed in to this account before: limited on its own, like a client.
    public Key Device(string deviceId) =>
        new("d:" + deviceId, _options.ClientFreeFailures, _options.ClientMaxDelay);

    // How long the caller must still wait before trying again, or null when it may try now.
    public TimeSpan? RetryAfter(IEnumerable<Key> keys)
    {
        var now = clock.GetUtcNow();
        TimeSpan? longest = null;
        foreach (var key in keys)
        {
            if (!_counters.TryGetValue(key.Value, out var c) || c.Failures < key.FreeFailures || now - c.LastFailure > _options.Window)
                continue;
            var wait = c.LastFailure + Delay(c.Failures - key.FreeFailures, key.MaxDelay) - now;
            if (wait > TimeSpan.Zero && (longest is null || wait > longest)) longest = wait;
        }
        return longest;
    }

    public void Failed(IEnumerable<Key> keys)
    {
        var now = clock.GetUtcNow();
        foreach (var key in keys)
            _counters.AddOrUpdate(key.Value, new Counter(1, now),
                (_, c) => now - c.LastFailure > _options.Window ? new Counter(1, now) : new Counter(c.Failures + 1, now));
        if (_counters.Count > _options.MaxEntries) Prune(now);
    }

    // The right password for an account clears its counters; a client's stays, or an attacker
    // could interleave sign-ins to their own account to wipe their record.
    public void Succeeded(IEnumerable<Key> keys)
    {
        foreach (var key in keys.Where(k => !k.Value.StartsWith("c:", StringComparison.Ordinal)))
            _counters.TryRemove(key.Value, out _);
    }

    // 1 s after the free failures, doubling each time, never more than the cap.
    private static TimeSpan Delay(int overFree, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(overFree, 30)), max.TotalSeconds));

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, c) in _counters)
            if (now - c.LastFailure > _options.Window) _counters.TryRemove(key, out _);
        var excess = _counters.Count - _options.MaxEntries;
        if (excess <= 0) return;
        foreach (var (key, _) in _counters.OrderBy(kv => kv.Value.LastFailure).Take(excess + (_options.MaxEntries / 10)))
            _counters.TryRemove(key, out _);
    }

    // One IPv6 host can use a whole /64, so that is one client.
    private static string ClientBucket(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
