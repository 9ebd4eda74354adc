using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace GraderHub.Web.Features.Lti;

// Each platform's public keys (its JWKS), cached; fetched again when a token names a key id the
// cache does not hold (the platform rotated its keys), at most once per RefreshFloor per URL so
// that tokens with made-up key ids cannot make the tool hammer the LMS.
public sealed class PlatformKeys(IHttpClientFactory http, TimeProvider clock, ILogger<PlatformKeys> log)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefreshFloor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    private sealed record Entry(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);

    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(string jwksUrl, string? kid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(jwksUrl, out var entry))
        {
            var known = kid is null || entry.Keys.Any(k => k.KeyId == kid);
            var fresh = now - entry.FetchedAt < MaxAge;
            if ((known && fresh) || now - entry.FetchedAt < RefreshFloor) return entry.Keys;
        }
        try
        {
            var client = http.CreateClient(LtiHttp.ClientName);
            var json = await client.GetStringAsync(jwksUrl, ct);
            var keys = new JsonWebKeySet(json).GetSigningKeys().ToList();
            _cache[jwksUrl] = new Entry(keys, now);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or System.Text.Json.JsonException)
        {
            log.LogWarning(ex, "Could not read the platform key set {Url}", jwksUrl);
            return entry?.Keys ?? [];
        }
    }
}

public static class LtiHttp
{
    public const string ClientName = "lti";
}
