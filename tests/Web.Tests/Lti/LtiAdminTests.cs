using System.Net;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Lti;

[Collection(WebCollection.Name)]
public sealed class LtiAdminTests(WebHostFixture host)
{
    [Fact]
    public async Task Administrator_RegistersAPlatform_ThroughTheForm_AndSeesTheValuesToPaste()
    {
        var admin = await host.SignedInClientAsync(await host.CreateUserAsync(Roles.Administrator));
        var issuer = "https://lms-" + Guid.NewGuid().ToString("N")[..6] + ".example.edu";

        var refused = await WebHostFixture.PostFormAsync(admin, "/admin/lti", "/admin/lti/platforms", new()
        {
            ["Issuer"] = issuer, ["ClientId"] = "", ["DeploymentIds"] = "", ["AuthUrl"] = "http://insecure.example.edu/auth",
            ["TokenUrl"] = issuer + "/token", ["JwksUrl"] = issuer + "/jwks",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Client id: required", errors, StringComparison.Ordinal);
        Assert.Contains("must be https", errors, StringComparison.Ordinal);

        var response = await WebHostFixture.PostFormAsync(admin, "/admin/lti", "/admin/lti/platforms", new()
        {
            ["Issuer"] = issuer, ["ClientId"] = "10000000000042", ["DeploymentIds"] = "1:abc\n2:def", ["AuthUrl"] = issuer + "/auth",
            ["TokenUrl"] = issuer + "/token", ["JwksUrl"] = issuer + "/jwks",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetStringAsync("/admin/lti");
        Assert.Contains($"data-issuer=\"{issuer}\"", page, StringComparison.Ordinal);
        Assert.Contains("1:abc, 2:def", page, StringComparison.Ordinal);
        Assert.Contains("http://localhost/lti/login", page, StringComparison.Ordinal);
        Assert.Contains("http://localhost/lti/jwks", page, StringComparison.Ordinal);
        // The registered LMS may frame the site now.
        using var framed = await admin.GetAsync("/admin/lti");
        Assert.Contains(issuer, framed.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatingTheKey_KeepsTheOldKeyInTheJwks_AndSignsWithTheNew()
    {
        var admin = await host.SignedInClientAsync(await host.CreateUserAsync(Roles.Administrator));
        var before = await KidsAsync();

        var response = await WebHostFixture.PostFormAsync(admin, "/admin/lti", "/admin/lti/keys/rotate", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await KidsAsync();
        Assert.Superset(before.ToHashSet(), after.ToHashSet());
        var active = await host.WithDbAsync(db => db.LtiToolKeys.Where(k => k.RetiredAt == null).Select(k => k.Kid).SingleAsync());
        Assert.Contains(active, after);
        Assert.DoesNotContain(active, before);
    }

    private async Task<List<string>> KidsAsync()
    {
        var json = await host.CreateClient().GetStringAsync("/lti/jwks");
        return JsonDocument.Parse(json).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }
}
