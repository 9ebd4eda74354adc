using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Lti;

// A call to the LMS failed. Heals: worth trying again later (network, 5xx, 401 with a stale
// token, 408, 429); otherwise the LMS refused what was sent and will refuse it again.
public sealed class LtiServiceException(int? status, string message) : Exception(message)
{
    public int? Status { get; } = status;
    public bool Heals => Status is null or >= 500 or 401 or 408 or 429;
}

public sealed record LmsResult(string UserId, double? ResultScore, double? ResultMaximum, string? Comment);

public sealed record LmsMember(string UserId, string? Name, string? Email, IReadOnlyList<string> Roles, string Status);

// Access tokens per (platform, scopes), kept until shortly before they expire.
public sealed class AccessTokenCache
{
    private readonly ConcurrentDictionary<(int, string), (string Token, DateTimeOffset Expires)> _tokens = new();

    public string? Get(int platformId, string scopes, DateTimeOffset now) =>
        _tokens.TryGetValue((platformId, scopes), out var t) && t.Expires > now ? t.Token : null;

    public void Set(int platformId, string scopes, string token, DateTimeOffset expires) => _tokens[(platformId, scopes)] = (token, expires);

    public void Forget(int platformId) { foreach (var key in _tokens.Keys.Where(k => k.Item1 == platformId)) _tokens.TryRemove(key, out _); }
}

// LTI Advantage services of one platform: the OAuth2 client-credentials token with a signed JWT
// assertion (Security Framework 4.1), AGS line items, scores and results, NRPS memberships.
public sealed class PlatformClient(IHttpClientFactory http, ToolKeys keys, AccessTokenCache tokens, TimeProvider clock)
{
    private const int MaxPages = 50;

    public async Task<string> AccessTokenAsync(LtiPlatform platform, string scopes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (tokens.Get(platform.Id, scopes, now) is { } cached) return cached;
        var assertion = await keys.SignAsync(new Dictionary<string, object>
        {
            ["iss"] = platform.ClientId, ["sub"] = platform.ClientId, ["aud"] = platform.TokenUrl, ["jti"] = LaunchFlow.Token(),
        }, ct);
        using var response = await Send(HttpMethod.Post, platform.TokenUrl, null, null, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = LtiSpec.ClientAssertionType,
            ["client_assertion"] = assertion,
            ["scope"] = scopes,
        }), ct);
        var json = await JsonAsync(response, ct);
        var token = json?["access_token"]?.GetValue<string>() ?? throw new LtiServiceException((int)response.StatusCode, "token response without access_token");
        var seconds = json["expires_in"] is JsonValue v && v.TryGetValue<double>(out var s) ? s : 3600;
        // A minute early, so a token never expires between the check and the call.
        tokens.Set(platform.Id, scopes, token, now + TimeSpan.FromSeconds(Math.Max(0, seconds - 60)));
        return token;
    }

    public void ForgetTokens(LtiPlatform platform) => tokens.Forget(platform.Id);

    // The line item whose resourceId names the set, or a new one (AGS 3.2).
    public async Task<string> FindOrCreateLineItemAsync(LtiPlatform platform, string lineItemsUrl, string resourceId, string label,
        double scoreMaximum, CancellationToken ct)
    {
        var token = await AccessTokenAsync(platform, LtiSpec.ScopeLineItem, ct);
        using (var found = await Send(HttpMethod.Get, WithQuery(lineItemsUrl, "resource_id=" + Uri.EscapeDataString(resourceId)), token,
            LtiSpec.LineItemContainerMediaType, null, ct))
        {
            if (await JsonAsync(found, ct) is JsonArray items
                && items.OfType<JsonObject>().FirstOrDefault(i => i["resourceId"]?.GetValue<string>() == resourceId) is { } item
                && item["id"]?.GetValue<string>() is { } id)
                return id;
        }
        var body = new JsonObject { ["scoreMaximum"] = scoreMaximum, ["label"] = label, ["resourceId"] = resourceId, ["tag"] = "graderhub" };
        using var created = await Send(HttpMethod.Post, lineItemsUrl, token, LtiSpec.LineItemMediaType,
            Body(body, LtiSpec.LineItemMediaType), ct);
        return (await JsonAsync(created, ct))?["id"]?.GetValue<string>()
            ?? throw new LtiServiceException((int)created.StatusCode, "line item created without an id");
    }

    public async Task PostScoreAsync(LtiPlatform platform, string lineItemUrl, LtiScore score, CancellationToken ct)
    {
        var token = await AccessTokenAsync(platform, LtiSpec.ScopeScore, ct);
        var body = new JsonObject
        {
            ["userId"] = score.Subject,
            ["scoreGiven"] = score.ScoreGiven,
            ["scoreMaximum"] = score.ScoreMaximum,
            ["activityProgress"] = score.ActivityProgress,
            ["gradingProgress"] = score.GradingProgress,
            ["timestamp"] = score.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (score.Comment is not null) body["comment"] = score.Comment;
        using var _ = await Send(HttpMethod.Post, AppendPath(lineItemUrl, "/scores"), token, null, Body(body, LtiSpec.ScoreMediaType), ct);
    }

    public async Task<IReadOnlyList<LmsResult>> ResultsAsync(LtiPlatform platform, string lineItemUrl, CancellationToken ct)
    {
        var token = await AccessTokenAsync(platform, LtiSpec.ScopeResultReadOnly, ct);
        var results = new List<LmsResult>();
        await foreach (var item in PagesAsync(AppendPath(lineItemUrl, "/results"), token, LtiSpec.ResultContainerMediaType, null, ct))
            if (item["userId"]?.GetValue<string>() is { } user)
                results.Add(new LmsResult(user, Number(item["resultScore"]), Number(item["resultMaximum"]), item["comment"]?.GetValue<string>()));
        return results;
    }

    public async Task<IReadOnlyList<LmsMember>> MembersAsync(LtiPlatform platform, string membershipsUrl, CancellationToken ct)
    {
        var token = await AccessTokenAsync(platform, LtiSpec.ScopeMemberships, ct);
        var members = new List<LmsMember>();
        await foreach (var m in PagesAsync(membershipsUrl, token, LtiSpec.MembershipContainerMediaType, "members", ct))
            if (m["user_id"]?.GetValue<string>() is { Length: > 0 and <= 255 } user)
                members.Add(new LmsMember(user, m["name"]?.GetValue<string>(), m["email"]?.GetValue<string>(),
                    (m["roles"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>().ToList() ?? [],
                    m["status"]?.GetValue<string>() ?? "Active"));
        return members;
    }

    // A container is an array (AGS) or an object with the array in `property` (NRPS); the next
    // page is the Link header's rel="next".
    private async IAsyncEnumerable<JsonObject> PagesAsync(string url, string token, string accept, string? property,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? next = url;
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            using var response = await Send(HttpMethod.Get, next, token, accept, null, ct);
            var json = await JsonAsync(response, ct);
            var items = property is null ? json as JsonArray : json?[property] as JsonArray;
            foreach (var item in items?.OfType<JsonObject>() ?? []) yield return item;
            next = NextLink(response);
        }
    }

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.SelectMany(l => l.Split(','))
                .Where(l => l.Contains("rel=\"next\"", StringComparison.Ordinal))
                .Select(l => l.Split(';')[0].Trim().TrimStart('<').TrimEnd('>')).FirstOrDefault()
            : null;

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? token, string? accept, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(LtiHttp.ClientName).SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new LtiServiceException(null, $"{method} {url}: {ex.Message}");
        }
        if (response.IsSuccessStatusCode) return response;
        var text = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        response.Dispose();
        throw new LtiServiceException(status, $"{method} {url}: {status} {(HttpStatusCode)status} {(text.Length > 300 ? text[..300] : text)}");
    }

    private static async Task<JsonNode?> JsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try { return text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException ex) { throw new LtiServiceException((int)response.StatusCode, "the LMS answered what is not JSON: " + ex.Message); }
    }

    private static StringContent Body(JsonNode body, string mediaType) => new(body.ToJsonString(), Encoding.UTF8, mediaType);

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    // Line item URLs may carry a query (AGS 3.2.9): the sub-path goes before it.
    public static string AppendPath(string url, string path)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url.TrimEnd('/') + path : url[..q].TrimEnd('/') + path + url[q..];
    }

    private static string WithQuery(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}
