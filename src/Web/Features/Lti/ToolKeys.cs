using System.Security.Cryptography;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GraderHub.Web.Features.Lti;

// The tool's signing keys: generated on first need, rotated by an administrator, the active one
// signing client assertions and deep-linking responses. A retired key is still published in the
// JWKS for RetiredKeyGrace, longer than any token the tool signs lives (TokenLifetime).
public sealed class ToolKeys(GraderHubDbContext db, IDataProtectionProvider protection, TimeProvider clock, ILogger<ToolKeys> log)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RetiredKeyGrace = TimeSpan.FromHours(1);
    private const string Purpose = "GraderHub.Lti.ToolKey";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public async Task<SigningCredentials> SigningCredentialsAsync(CancellationToken ct)
    {
        var key = await db.LtiToolKeys.Where(k => k.RetiredAt == null).OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct)
            ?? await CreateAsync(ct);
        RSA rsa;
        try
        {
            rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(Protector.Unprotect(key.ProtectedPrivateKey)), out _);
        }
        catch (CryptographicException ex)
        {
            // The data-protection key ring that encrypted it is gone (a new machine without the
            // keys): nothing can sign with it again, so retire it and make a new one.
            log.LogError(ex, "LTI tool key {Kid} cannot be decrypted; rotating to a new key", key.Kid);
            key.RetiredAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return await SigningCredentialsAsync(ct);
        }
        return new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = key.Kid }, SecurityAlgorithms.RsaSha256);
    }

    public async Task<LtiToolKey> CreateAsync(CancellationToken ct)
    {
        using var rsa = RSA.Create(2048);
        var kid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid });
        var key = new LtiToolKey
        {
            Kid = kid,
            PublicJwk = JsonSerializer.Serialize(new { kty = jwk.Kty, kid, use = "sig", alg = SecurityAlgorithms.RsaSha256, n = jwk.N, e = jwk.E }),
            ProtectedPrivateKey = Protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = clock.GetUtcNow(),
        };
        db.LtiToolKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return key;
    }

    // A new active key; the old one is retired but stays in the JWKS for RetiredKeyGrace.
    public async Task<LtiToolKey> RotateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.LtiToolKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(u => u.SetProperty(k => k.RetiredAt, now), ct);
        return await CreateAsync(ct);
    }

    public async Task<IReadOnlyList<LtiToolKey>> PublishedAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - RetiredKeyGrace;
        var keys = await db.LtiToolKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
        return keys.Where(k => k.RetiredAt is null || k.RetiredAt > since).ToList();
    }

    public async Task<string> JwksJsonAsync(CancellationToken ct)
    {
        var keys = await PublishedAsync(ct);
        if (keys.Count == 0) keys = [await CreateAsync(ct)];
        return "{\"keys\":[" + string.Join(",", keys.Select(k => k.PublicJwk)) + "]}";
    }

    // A JWT signed with the active key (client assertions, deep-linking responses).
    public async Task<string> SignAsync(Dictionary<string, object> claims, CancellationToken ct)
    {
        var credentials = await SigningCredentialsAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            // Nested values (content items, custom parameters) as JSON elements, which the handler writes as they are.
            Claims = claims.ToDictionary(c => c.Key, c => c.Value is string or int or long or double or bool
                ? c.Value : JsonSerializer.SerializeToElement(c.Value)),
            IssuedAt = now,
            Expires = now + TokenLifetime,
            SigningCredentials = credentials,
        });
    }
}
