using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraderHub.Web.Features.Lti;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GraderHub.Web.Tests.Lti;

// One launch the platform will make: who, from which LMS course and link, and what to get wrong on purpose.
public sealed record LaunchSpec(string Subject, string Name, string Role, string ContextId = "course-1", string ContextTitle = "Calculus 101",
    string? ResourceLinkId = "link-1", string MessageType = LtiSpec.ResourceLinkRequest, Dictionary<string, string>? Custom = null)
{
    public string? Audience { get; init; }
    public string? DeploymentId { get; init; }
    public TimeSpan? ExpiresIn { get; init; }
    public bool SignWithOtherKey { get; init; }
    public string? LineItemUrl { get; init; }
    public string? Email { get; init; }
}

public sealed record ReceivedScore(string LineItem, string UserId, double ScoreGiven, double ScoreMaximum, string ActivityProgress,
    string GradingProgress, string? Comment, DateTimeOffset Timestamp);

public sealed record ReceivedLineItem(string Id, string ContextId, string Label, double ScoreMaximum, string? ResourceId);

// A learning platform on loopback that plays the LMS for real: its own RSA key and JWKS, an OIDC
// authorisation endpoint that issues id_tokens for the launches it was given, a token endpoint
// that checks the tool's signed client assertion against the tool's JWKS, AGS line items, scores
// and results that record what they receive, NRPS memberships, a deep-linking return endpoint
// that checks the tool's signed response, and a course page that launches the tool in an iframe.
public sealed class TestPlatform : IAsyncDisposable
{
    public const string Deployment = "deployment-1";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly RsaSecurityKey _otherKey;
    private readonly string _toolBase;
    private readonly Func<Task<string>> _toolJwks;
    private readonly ConcurrentDictionary<string, LaunchSpec> _launches = new();
    private readonly ConcurrentDictionary<string, HashSet<string>> _tokens = new();
    private readonly ConcurrentDictionary<string, byte> _assertionIds = new();
    private int _lineItemCount;
    private int _scoreFailures;

    // Known once the server listens (its port is the system's choice).
    public string Issuer { get; private set; } = "";
    public string ClientId { get; } = "graderhub-" + Guid.NewGuid().ToString("N")[..8];
    public string AuthUrl => Issuer + "/auth";
    public string TokenUrl => Issuer + "/token";
    public string JwksUrl => Issuer + "/jwks";
    public string LineItemsUrl(string contextId) => $"{Issuer}/contexts/{contextId}/lineitems";

    public ConcurrentQueue<ReceivedScore> Scores { get; } = new();
    public ConcurrentDictionary<string, ReceivedLineItem> LineItems { get; } = new();
    public ConcurrentQueue<JsonObject> DeepLinkItems { get; } = new();
    public ConcurrentQueue<string> Refusals { get; } = new();
    public int ScoreRequests;
    public int TokenRequests;
    // The next N score posts are answered 500 (the fault tests); a status here answers every post with it.
    public int? ScoreStatus { get; set; }
    public List<(string UserId, string Name, string Role)> Members { get; } = [];

    private TestPlatform(WebApplication app, string toolBase, Func<Task<string>> toolJwks)
    {
        _app = app;
        _toolBase = toolBase.TrimEnd('/');
        _toolJwks = toolJwks;
        _key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "platform-key-1" };
        _otherKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "platform-key-1" };
    }

    public void FailNextScores(int count) => Interlocked.Exchange(ref _scoreFailures, count);

    // toolBase: the tool's address as the browser sees it; toolJwks: how the platform reads the tool's keys.
    public static async Task<TestPlatform> StartAsync(string toolBase, Func<Task<string>> toolJwks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new TestPlatform(app, toolBase, toolJwks);
        platform.Map();
        await app.StartAsync();
        platform.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return platform;
    }

    // The course page of the LMS: the tool opens in an iframe through a third-party-initiated login.
    public string LaunchPage(LaunchSpec spec)
    {
        var id = Guid.NewGuid().ToString("N");
        _launches[id] = spec;
        return $"{Issuer}/course/{id}";
    }

    public string Register(LaunchSpec spec)
    {
        var id = Guid.NewGuid().ToString("N");
        _launches[id] = spec;
        return id;
    }

    // The login initiation the LMS sends the tool for a registered launch.
    public Dictionary<string, string> LoginParameters(string launchId) => new()
    {
        ["iss"] = Issuer, ["login_hint"] = launchId, ["target_link_uri"] = _toolBase + "/lti/launch",
        ["lti_message_hint"] = "hint-" + launchId, ["client_id"] = ClientId, ["lti_deployment_id"] = Deployment,
    };

    private void Map()
    {
        var app = _app;
        app.MapGet("/jwks", () => Results.Text(Jwks(_key), "application/json"));
        app.MapGet("/course/{id}", (string id) => Results.Content(CoursePage(id), "text/html"));
        app.MapGet("/auth", (HttpRequest r) => Authorize(r));
        app.MapPost("/token", async (HttpRequest r) => await TokenAsync(r));
        app.MapGet("/contexts/{ctx}/lineitems", (HttpRequest r, string ctx) => Scoped(r, LtiSpec.ScopeLineItem, () =>
            Results.Json(LineItems.Values.Where(l => l.ContextId == ctx && (r.Query["resource_id"].Count == 0 || l.ResourceId == r.Query["resource_id"]))
                .Select(l => new { id = l.Id, label = l.Label, scoreMaximum = l.ScoreMaximum, resourceId = l.ResourceId }),
                contentType: LtiSpec.LineItemContainerMediaType)));
        app.MapPost("/contexts/{ctx}/lineitems", async (HttpRequest r, string ctx) =>
        {
            var body = JsonNode.Parse(await new StreamReader(r.Body).ReadToEndAsync())!;
            return Scoped(r, LtiSpec.ScopeLineItem, () =>
            {
                var item = CreateLineItem(ctx, body["label"]!.GetValue<string>(), body["scoreMaximum"]!.GetValue<double>(), body["resourceId"]?.GetValue<string>());
                return Results.Json(new { id = item.Id, label = item.Label, scoreMaximum = item.ScoreMaximum, resourceId = item.ResourceId },
                    contentType: LtiSpec.LineItemMediaType, statusCode: 201);
            });
        });
        app.MapPost("/lineitems/{n}/scores", async (HttpRequest r, string n) =>
        {
            Interlocked.Increment(ref ScoreRequests);
            var text = await new StreamReader(r.Body).ReadToEndAsync();
            return Scoped(r, LtiSpec.ScopeScore, () =>
            {
                if (r.ContentType?.StartsWith(LtiSpec.ScoreMediaType, StringComparison.Ordinal) != true) return Results.StatusCode(415);
                if (ScoreStatus is { } status) return Results.Text("{\"error\":\"refused by the test\"}", "application/json", statusCode: status);
                if (Interlocked.Decrement(ref _scoreFailures) >= 0) return Results.StatusCode(500);
                var s = JsonNode.Parse(text)!;
                var lineItem = $"{Issuer}/lineitems/{n}";
                if (!LineItems.ContainsKey(lineItem)) return Results.NotFound();
                Scores.Enqueue(new ReceivedScore(lineItem, s["userId"]!.GetValue<string>(), s["scoreGiven"]!.GetValue<double>(),
                    s["scoreMaximum"]!.GetValue<double>(), s["activityProgress"]!.GetValue<string>(), s["gradingProgress"]!.GetValue<string>(),
                    s["comment"]?.GetValue<string>(), DateTimeOffset.Parse(s["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
                return Results.Ok();
            });
        });
        app.MapGet("/lineitems/{n}/results", (HttpRequest r, string n) => Scoped(r, LtiSpec.ScopeResultReadOnly, () =>
        {
            var lineItem = $"{Issuer}/lineitems/{n}";
            var latest = Scores.Where(s => s.LineItem == lineItem).GroupBy(s => s.UserId)
                .Select(g => g.MaxBy(s => s.Timestamp)!)
                .Select(s => new { id = $"{lineItem}/results/{s.UserId}", scoreOf = lineItem, userId = s.UserId, resultScore = s.ScoreGiven, resultMaximum = s.ScoreMaximum });
            return Results.Json(latest, contentType: LtiSpec.ResultContainerMediaType);
        }));
        app.MapGet("/contexts/{ctx}/memberships", (HttpRequest r, string ctx) => Scoped(r, LtiSpec.ScopeMemberships, () =>
            Results.Json(new
            {
                id = r.Path.ToString(), context = new { id = ctx },
                members = Members.Select(m => new { user_id = m.UserId, name = m.Name, roles = new[] { m.Role }, status = "Active" }),
            }, contentType: LtiSpec.MembershipContainerMediaType)));
        app.MapPost("/deeplink/return", async (HttpRequest r) =>
        {
            var form = await r.ReadFormAsync();
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["JWT"].ToString(), new TokenValidationParameters
            {
                ValidIssuer = ClientId, ValidAudience = Issuer, IssuerSigningKeys = await ToolKeysAsync(),
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            });
            if (!result.IsValid) return Results.Content($"<p id='platform-refused'>{WebUtility.HtmlEncode(result.Exception?.Message)}</p>", "text/html", statusCode: 400);
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload))!;
            if (payload[LtiSpec.MessageTypeClaim]?.GetValue<string>() != LtiSpec.DeepLinkingResponse
                || payload[LtiSpec.DeepLinkDataClaim]?.GetValue<string>() != "platform-data-42")
                return Results.Content("<p id='platform-refused'>wrong message type or data</p>", "text/html", statusCode: 400);
            var titles = new List<string>();
            foreach (var item in payload[LtiSpec.ContentItemsClaim]!.AsArray().OfType<JsonObject>())
            {
                DeepLinkItems.Enqueue(item);
                titles.Add(item["title"]!.GetValue<string>());
            }
            return Results.Content($"<h1 id='platform-linked'>Linked: {WebUtility.HtmlEncode(string.Join(", ", titles))}</h1>", "text/html");
        });
    }

    public ReceivedLineItem CreateLineItem(string contextId, string label, double scoreMaximum, string? resourceId)
    {
        var item = new ReceivedLineItem($"{Issuer}/lineitems/{Interlocked.Increment(ref _lineItemCount)}", contextId, label, scoreMaximum, resourceId);
        LineItems[item.Id] = item;
        return item;
    }

    private string CoursePage(string id)
    {
        var fields = string.Join("", LoginParameters(id).Select(p => $"<input type='hidden' name='{p.Key}' value='{WebUtility.HtmlEncode(p.Value)}'/>"));
        return $"""
            <!DOCTYPE html><html><head><title>Test LMS</title></head><body>
            <h1 id="lms-course">Test LMS course</h1>
            <form id="launch" method="post" action="{_toolBase}/lti/login" target="tool">{fields}<button type="submit">Launch</button></form>
            <iframe name="tool" id="tool" width="1100" height="800"></iframe>
            <script>document.getElementById('launch').submit();</script>
            </body></html>
            """;
    }

    // OIDC authorisation request (Security Framework 5.1.1.2): checks what the tool sent, answers with
    // a form that posts the id_token and state back to the registered redirect URI.
    private IResult Authorize(HttpRequest r)
    {
        var q = r.Query;
        var problems = new List<string>();
        void Expect(string name, string value) { if (q[name] != value) problems.Add($"{name}={q[name]}"); }
        Expect("scope", "openid");
        Expect("response_type", "id_token");
        Expect("response_mode", "form_post");
        Expect("prompt", "none");
        Expect("client_id", ClientId);
        Expect("redirect_uri", _toolBase + "/lti/launch");
        var launchId = q["login_hint"].ToString();
        if (!_launches.TryGetValue(launchId, out var spec)) problems.Add("unknown login_hint");
        if (q["lti_message_hint"] != "hint-" + launchId) problems.Add("lti_message_hint not sent back");
        if (string.IsNullOrEmpty(q["state"]) || string.IsNullOrEmpty(q["nonce"])) problems.Add("state and nonce required");
        if (problems.Count > 0)
        {
            Refusals.Enqueue(string.Join(", ", problems));
            return Results.Content("<p id='platform-refused'>" + WebUtility.HtmlEncode(string.Join(", ", problems)) + "</p>", "text/html", statusCode: 400);
        }
        var token = IdToken(spec!, q["nonce"]!);
        return Results.Content($"""
            <!DOCTYPE html><html><body>
            <form id="return" method="post" action="{_toolBase}/lti/launch">
            <input type="hidden" name="id_token" value="{token}"/><input type="hidden" name="state" value="{WebUtility.HtmlEncode(q["state"])}"/>
            <button type="submit">Continue</button></form>
            <script>document.getElementById('return').submit();</script></body></html>
            """, "text/html");
    }

    public string IdToken(LaunchSpec spec, string nonce)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = spec.Subject, ["nonce"] = nonce, ["azp"] = ClientId, ["name"] = spec.Name,
            [LtiSpec.DeploymentIdClaim] = spec.DeploymentId ?? Deployment,
            [LtiSpec.MessageTypeClaim] = spec.MessageType,
            [LtiSpec.VersionClaim] = LtiSpec.Version,
            [LtiSpec.TargetLinkUriClaim] = _toolBase + "/lti/launch",
            [LtiSpec.RolesClaim] = Element(new[] { spec.Role }),
            [LtiSpec.ContextClaim] = Element(new { id = spec.ContextId, title = spec.ContextTitle, label = spec.ContextId }),
            [LtiSpec.AgsEndpointClaim] = Element(new Dictionary<string, object?>
            {
                ["scope"] = new[] { LtiSpec.ScopeLineItem, LtiSpec.ScopeResultReadOnly, LtiSpec.ScopeScore },
                ["lineitems"] = LineItemsUrl(spec.ContextId),
                ["lineitem"] = spec.LineItemUrl,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)),
            [LtiSpec.NrpsClaim] = Element(new { context_memberships_url = $"{Issuer}/contexts/{spec.ContextId}/memberships", service_versions = new[] { "2.0" } }),
        };
        if (spec.Email is not null) claims["email"] = spec.Email;
        if (spec.ResourceLinkId is not null) claims[LtiSpec.ResourceLinkClaim] = Element(new { id = spec.ResourceLinkId, title = "Link " + spec.ResourceLinkId });
        if (spec.Custom is not null) claims[LtiSpec.CustomClaim] = Element(spec.Custom);
        if (spec.MessageType == LtiSpec.DeepLinkingRequest)
            claims[LtiSpec.DeepLinkingSettingsClaim] = Element(new
            {
                deep_link_return_url = Issuer + "/deeplink/return", accept_types = new[] { "ltiResourceLink" },
                accept_presentation_document_targets = new[] { "iframe", "window" }, accept_multiple = false, accept_lineitem = true,
                data = "platform-data-42",
            });
        var expires = spec.ExpiresIn ?? TimeSpan.FromMinutes(5);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = spec.Audience ?? ClientId, Claims = claims,
            IssuedAt = expires < TimeSpan.Zero ? now + expires - TimeSpan.FromMinutes(5) : now,
            Expires = now + expires,
            SigningCredentials = new SigningCredentials(spec.SignWithOtherKey ? _otherKey : _key, SecurityAlgorithms.RsaSha256),
        });
    }

    // Client credentials with a JWT assertion (Security Framework 4.1): signed by the tool's key,
    // iss and sub its client id, aud this token endpoint, a jti never seen before.
    private async Task<IResult> TokenAsync(HttpRequest r)
    {
        Interlocked.Increment(ref TokenRequests);
        var form = await r.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != LtiSpec.ClientAssertionType)
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = ClientId, ValidAudience = TokenUrl, IssuerSigningKeys = await ToolKeysAsync(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256], RequireExpirationTime = true,
        });
        if (!result.IsValid || ((JsonWebToken)result.SecurityToken).Subject != ClientId
            || !_assertionIds.TryAdd(((JsonWebToken)result.SecurityToken).Id, 0))
        {
            Refusals.Enqueue("client assertion: " + result.Exception?.Message);
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = scopes;
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600, scope = string.Join(' ', scopes) });
    }

    private IResult Scoped(HttpRequest r, string scope, Func<IResult> ok)
    {
        var header = r.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(header[7..], out var scopes))
            return Results.StatusCode(401);
        // The lineitem scope also grants reading line items.
        if (!scopes.Contains(scope)) return Results.StatusCode(403);
        return ok();
    }

    private async Task<IList<SecurityKey>> ToolKeysAsync() => new JsonWebKeySet(await _toolJwks()).GetSigningKeys();

    private static string Jwks(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = key.KeyId, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
    }

    private static JsonElement Element(object value) => JsonSerializer.SerializeToElement(value);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
