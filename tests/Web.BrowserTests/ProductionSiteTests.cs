using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// The site as it is deployed: ASPNETCORE_ENVIRONMENT=Production, Kestrel serving https on a
// loopback port with a certificate made for this test (what Production needs and Development
// does without), its own database. No demo accounts exist there, so the fixture makes one student.
public sealed class ProductionSiteFixture : IAsyncLifetime
{
    public const string Password = "Production-password-1";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "graderhub-production-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;
    public X509Certificate2 Certificate { get; private set; } = null!;
    public string StudentEmail { get; } = $"student-{Guid.NewGuid().ToString("N")[..8]}@production.test";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataFolder);
        var pfx = Path.Combine(_dataFolder, "loopback.pfx");
        Certificate = LoopbackCertificate(pfx, Password);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("GraderHub:DataFolder", _dataFolder);
            b.UseSetting("GraderHub:GradingWorkers", "2");
            b.UseSetting("Kestrel:Certificates:Default:Path", pfx);
            b.UseSetting("Kestrel:Certificates:Default:Password", Password);
            b.UseUrls("https://127.0.0.1:0");
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = StudentEmail, Email = StudentEmail, EmailConfirmed = true, DisplayName = StudentEmail };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Student);
    }

    // A client that trusts this site's certificate and nothing else, and follows no redirects.
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.Thumbprint },
    })
    { BaseAddress = BaseAddress };

    private static X509Certificate2 LoopbackCertificate(string path, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var bytes = certificate.Export(X509ContentType.Pfx, password);
        File.WriteAllBytes(path, bytes);
        return X509CertificateLoader.LoadPkcs12(bytes, password);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        Certificate?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}

// Issue 11, item 3, outside Development: HSTS, Secure + HttpOnly + SameSite cookies, no Server
// header, and /health telling an anonymous caller its status and nothing else.
public sealed class ProductionSiteTests(ProductionSiteFixture site, ITestOutputHelper output) : IClassFixture<ProductionSiteFixture>
{
    [Fact]
    public async Task Production_SendsHsts_AndNoServerHeader_OnEveryKindOfResponse()
    {
        using var http = site.CreateClient();
        foreach (var path in new[] { "/account/login", "/health", "/", "/lib/katex/katex.min.js", "/no-such-page" })
        {
            // Under the name a deployment has: HSTS is never sent for localhost or 127.0.0.1
            // (the library's rule, as ASP.NET Core's own: a browser would pin every local site).
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "graderhub.test";
            var response = await http.SendAsync(request);
            output.WriteLine($"{path}: {(int)response.StatusCode}");
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.False(response.Headers.Contains("Server"), $"{path}: Server: {string.Join(",", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
            var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
            Assert.Equal("max-age=31536000; includeSubDomains", hsts);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task Production_OnLoopbackByAddress_SendsNoHsts()
    {
        using var http = site.CreateClient();
        var response = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Production_Health_AnswersAnonymousCallersWithTheStatusOnly()
    {
        using var http = site.CreateClient();
        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\"}", await health.Content.ReadAsStringAsync());
    }

    // The cookies as the browser stored them, after a person signed in through the form.
    [Fact]
    public async Task Production_SignInThroughTheForm_AuthAndAntiforgeryCookiesAreSecureHttpOnlySameSite()
    {
        var context = await (await BrowserHost.BrowserAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseAddress.ToString(),
            // The certificate was made by the fixture; only this context trusts it.
            IgnoreHTTPSErrors = true,
        });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/account/login");
            await page.Locator("#Email").PressSequentiallyAsync(site.StudentEmail);
            await page.Locator("#Password").PressSequentiallyAsync(ProductionSiteFixture.Password);
            await page.Locator("#Password").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(site.StudentEmail);

            var cookies = await context.CookiesAsync();
            foreach (var c in cookies) output.WriteLine($"{c.Name}: secure={c.Secure} httpOnly={c.HttpOnly} sameSite={c.SameSite}");
            var auth = Assert.Single(cookies, c => c.Name == "GraderHub.Auth");
            var antiforgery = Assert.Single(cookies, c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
            foreach (var cookie in new[] { auth, antiforgery })
            {
                Assert.True(cookie.Secure, cookie.Name + " is not Secure");
                Assert.True(cookie.HttpOnly, cookie.Name + " is not HttpOnly");
                Assert.Contains(cookie.SameSite, new[] { SameSiteAttribute.Lax, SameSiteAttribute.Strict });
            }
            Assert.All(cookies, c => Assert.True(c.Secure, c.Name + " is not Secure"));
        }
        catch
        {
            output.WriteLine("screenshot: " + await Screenshots.TakeAsync(page, nameof(Production_SignInThroughTheForm_AuthAndAntiforgeryCookiesAreSecureHttpOnlySameSite), always: true));
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
