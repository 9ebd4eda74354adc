using System.Text.Json;
using GraderHub.Data.Entities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GraderHub.Web.Features.Lti;

// Why a login or launch was refused. Each has a sentence for the person who launched, and is
// logged with the platform and the detail.
public enum LaunchRefusal
{
    UnknownPlatform, MissingParameters, UnknownState, StateUsed, StateExpired, OtherBrowser,
    Malformed, BadSignature, WrongIssuer, WrongAudience, Expired, NotYetValid, NonceMismatch,
    UnknownDeployment, WrongMessageType, WrongVersion, MissingClaim, UnknownRole,
}

public static class LaunchRefusals
{
    public static string Explain(LaunchRefusal refusal) => refusal switch
    {
        LaunchRefusal.UnknownPlatform => "This LMS is not registered with GraderHub. An administrator registers it under Admin > LTI.",
        LaunchRefusal.MissingParameters => "The LMS did not send what an LTI 1.3 launch needs.",
        LaunchRefusal.UnknownState => "This launch was not started by GraderHub (its state is unknown). Open the link in the LMS again.",
        LaunchRefusal.StateUsed => "This launch was already used once. Open the link in the LMS again.",
        LaunchRefusal.StateExpired => "This launch took too long and expired. Open the link in the LMS again.",
        LaunchRefusal.OtherBrowser => "This launch was started in another browser. Open the link in the LMS again.",
        LaunchRefusal.Malformed => "The LMS sent a token GraderHub cannot read.",
        LaunchRefusal.BadSignature => "The launch token is not signed by the registered LMS's keys.",
        LaunchRefusal.WrongIssuer => "The launch token comes from another issuer than the one this launch started with.",
        LaunchRefusal.WrongAudience => "The launch token is meant for another tool (its audience is not GraderHub's client id).",
        LaunchRefusal.Expired => "The launch token has expired. Open the link in the LMS again.",
        LaunchRefusal.NotYetValid => "The launch token is dated in the future (check the LMS's clock).",
        LaunchRefusal.NonceMismatch => "The launch token was made for another launch (its nonce does not match): a replayed token is refused.",
        LaunchRefusal.UnknownDeployment => "This LMS deployment of GraderHub is not registered. An administrator adds its deployment id.",
        LaunchRefusal.WrongMessageType => "GraderHub accepts resource-link and deep-linking launches only.",
        LaunchRefusal.WrongVersion => "GraderHub accepts LTI version 1.3.0 only.",
        LaunchRefusal.MissingClaim => "The launch lacks a claim GraderHub needs (user, course or link).",
        LaunchRefusal.UnknownRole => "Your role in the LMS course has no GraderHub role (Learner, TeachingAssistant or Instructor).",
    };
}

public sealed record AgsEndpoint(string? LineItems, string? LineItem, IReadOnlyList<string> Scopes);

public sealed record DeepLinkSettings(string ReturnUrl, string? Data, bool AcceptMultiple, bool AcceptLineItem);

// A validated launch: what GraderHub uses of the id_token.
public sealed record LaunchMessage(
    string MessageType, string Subject, string? Name, string? Email, string DeploymentId,
    string ContextId, string ContextTitle, string? ResourceLinkId, string? ResourceLinkTitle,
    IReadOnlyList<string> Roles, IReadOnlyDictionary<string, string> Custom, string? TargetLinkUri,
    AgsEndpoint? Ags, string? MembershipsUrl, DeepLinkSettings? DeepLinking);

public sealed record LaunchResult(LaunchMessage? Message, LaunchRefusal? Refusal, string? Detail)
{
    public static LaunchResult Refused(LaunchRefusal refusal, string? detail = null) => new(null, refusal, detail);
}

// Validates an id_token against the platform the launch started with (LTI core 5.1.3, Security
// Framework 5.1.3): RS256 signature by a key of its JWKS, iss, aud (and azp), exp and iat with a
// minute of skew, the nonce of this browser's state, a registered deployment, message type and version.
public sealed class LaunchValidator(PlatformKeys keys, TimeProvider clock)
{
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public async Task<LaunchResult> ValidateAsync(string? idToken, LtiPlatform platform, IReadOnlyCollection<string> deployments,
        string expectedNonce, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(idToken) || idToken.Length > 64 * 1024) return LaunchResult.Refused(LaunchRefusal.MissingParameters, "no id_token");
        JsonWebToken unverified;
        try { unverified = new JsonWebToken(idToken); }
        catch (ArgumentException ex) { return LaunchResult.Refused(LaunchRefusal.Malformed, ex.Message); }

        var signingKeys = await keys.KeysAsync(platform.JwksUrl, unverified.Kid, ct);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = platform.Issuer,
            ValidAudience = platform.ClientId,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = Skew,
        });
        if (!result.IsValid)
        {
            var refusal = result.Exception switch
            {
                SecurityTokenExpiredException => LaunchRefusal.Expired,
                SecurityTokenNotYetValidException => LaunchRefusal.NotYetValid,
                SecurityTokenInvalidAudienceException => LaunchRefusal.WrongAudience,
                SecurityTokenInvalidIssuerException => LaunchRefusal.WrongIssuer,
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
                    or SecurityTokenInvalidAlgorithmException => LaunchRefusal.BadSignature,
                _ => LaunchRefusal.Malformed,
            };
            return LaunchResult.Refused(refusal, result.Exception?.Message);
        }
        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var root = payload.RootElement;

        var now = clock.GetUtcNow();
        if (!root.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number)
            return LaunchResult.Refused(LaunchRefusal.MissingClaim, "iat");
        if (DateTimeOffset.FromUnixTimeSeconds(iat.GetInt64()) > now + Skew)
            return LaunchResult.Refused(LaunchRefusal.NotYetValid, "iat in the future");
        // With several audiences the authorised party must be this tool (OIDC core 3.1.3.7).
        var audiences = token.Audiences.ToList();
        var azp = Str(root, "azp");
        if ((audiences.Count > 1 && azp is null) || (azp is not null && azp != platform.ClientId))
            return LaunchResult.Refused(LaunchRefusal.WrongAudience, $"azp {azp}");
        if (Str(root, "nonce") is not { } nonce || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(nonce), System.Text.Encoding.UTF8.GetBytes(expectedNonce)))
            return LaunchResult.Refused(LaunchRefusal.NonceMismatch);
        var deployment = Str(root, LtiSpec.DeploymentIdClaim);
        if (deployment is null || !deployments.Contains(deployment))
            return LaunchResult.Refused(LaunchRefusal.UnknownDeployment, $"deployment {deployment}");
        var messageType = Str(root, LtiSpec.MessageTypeClaim);
        if (messageType is not (LtiSpec.ResourceLinkRequest or LtiSpec.DeepLinkingRequest))
            return LaunchResult.Refused(LaunchRefusal.WrongMessageType, messageType);
        if (Str(root, LtiSpec.VersionClaim) != LtiSpec.Version)
            return LaunchResult.Refused(LaunchRefusal.WrongVersion, Str(root, LtiSpec.VersionClaim));

        var subject = Str(root, "sub");
        var context = Obj(root, LtiSpec.ContextClaim);
        var contextId = context is { } c ? Str(c, "id") : null;
        var link = Obj(root, LtiSpec.ResourceLinkClaim);
        var linkId = link is { } l ? Str(l, "id") : null;
        if (string.IsNullOrEmpty(subject) || subject.Length > 255 || string.IsNullOrEmpty(contextId) || contextId.Length > 255
            || (messageType == LtiSpec.ResourceLinkRequest && (string.IsNullOrEmpty(linkId) || linkId.Length > 255)))
            return LaunchResult.Refused(LaunchRefusal.MissingClaim, "sub, context.id or resource_link.id");

        DeepLinkSettings? deepLinking = null;
        if (messageType == LtiSpec.DeepLinkingRequest)
        {
            if (Obj(root, LtiSpec.DeepLinkingSettingsClaim) is not { } dl || Str(dl, "deep_link_return_url") is not { } returnUrl)
                return LaunchResult.Refused(LaunchRefusal.MissingClaim, "deep_linking_settings.deep_link_return_url");
            deepLinking = new DeepLinkSettings(returnUrl, Str(dl, "data"),
                dl.TryGetProperty("accept_multiple", out var m) && m.ValueKind == JsonValueKind.True,
                !dl.TryGetProperty("accept_lineitem", out var li) || li.ValueKind != JsonValueKind.False);
        }

        var ags = Obj(root, LtiSpec.AgsEndpointClaim) is { } a
            ? new AgsEndpoint(Str(a, "lineitems"), Str(a, "lineitem"), Strings(a, "scope"))
            : null;
        var nrps = Obj(root, LtiSpec.NrpsClaim) is { } n ? Str(n, "context_memberships_url") : null;
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Obj(root, LtiSpec.CustomClaim) is { } cu)
            foreach (var p in cu.EnumerateObject())
                custom[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();

        return new LaunchResult(new LaunchMessage(messageType, subject, Str(root, "name"), Str(root, "email"), deployment,
            contextId, (context is { } ct2 ? Str(ct2, "title") ?? Str(ct2, "label") : null) ?? contextId,
            linkId, link is { } l2 ? Str(l2, "title") : null,
            Strings(root, LtiSpec.RolesClaim), custom, Str(root, LtiSpec.TargetLinkUriClaim), ags, nrps, deepLinking), null, null);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}
