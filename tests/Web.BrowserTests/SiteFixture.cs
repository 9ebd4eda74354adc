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

namespace GraderHub.Web.BrowserTests;

// The real site on a loopback port (Kestrel, not the in-memory test server) and Debian's
// Chromium, shared by the tests of this assembly (one Hangfire host per process, STACK.md 2).
public sealed class SiteFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "graderhub-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("GraderHub:DataFolder", _dataFolder);
        });
        // An explicit loopback endpoint on port 0 (a free port): UseKestrel(0) configures no
        // endpoint, so Kestrel fell back to its default 127.0.0.1:5000, which other sites on the
        // machine may hold.
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        // Kestrel reports 127.0.0.1 or [::1]; either is loopback.
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<string> UserIdAsync(string email)
    {
        using var scope = Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return user?.Id ?? throw new InvalidOperationException($"no user {email}");
    }

    public async Task<T> WithDbAsync<T>(Func<GraderHubDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<GraderHubDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}
