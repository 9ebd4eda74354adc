using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using GraderHub.Web.Testing;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GraderHub.Web.BrowserTests;

// The real site for one test class: Kestrel on a loopback port (not the in-memory test server),
// its own SQLite file, Development (the seeded course, demo accounts and their week-1 history).
// Tests that change what others would see make their own users. One site at a time in the
// process (AssemblyInfo.cs says why).
public sealed class SiteFixture : IAsyncLifetime
{
    public const string Password = AppInitializer.DemoPassword;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "graderhub-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;
    // The site's clock: real time unless a test moves it (Clock.Travel, undone when disposed).
    public TestClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("GraderHub:DataFolder", _dataFolder);
            b.UseSetting("GraderHub:GradingWorkers", "2");
            // The engine's time limit is wall-clock (3 s in production, against pathological
            // answers). The answers here grade in milliseconds on a quiet machine, but on CI's
            // loaded 2 cores a grading thread can wait seconds for a core: the answer then came
            // back "too slow" (not graded) and a test waiting for its verdict failed. No browser
            // test is about the limit (tests/Web.Tests covers it).
            b.UseSetting("GraderHub:Grading:TimeLimitSeconds", "30");
            // A port of the system's choosing: UseKestrel(0) alone falls back to 5000, which a
            // second site (or anyone else on the machine) may already hold.
            b.UseUrls("http://127.0.0.1:0");
            // The test host alone counts the forms the browser submits (FormCoverageTests).
            b.ConfigureTestServices(s =>
            {
                s.Configure<MvcOptions>(o => o.Filters.Add(new FormPosts.Recorder()));
                s.AddSingleton<TimeProvider>(Clock);
            });
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        // Kestrel reports 127.0.0.1 or [::1]; either is loopback.
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        FormPosts.Expect(SiteRoutes.FormPostTemplates(Services.GetRequiredService<EndpointDataSource>()));
        Browser = await BrowserHost.BrowserAsync();
    }

    public async Task<string> UserIdAsync(string email)
    {
        using var scope = Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return user?.Id ?? throw new InvalidOperationException($"no user {email}");
    }

    // A person of their own, enrolled in the seeded course, with the demo password.
    public async Task<string> NewUserAsync(string role, CourseRole courseRole, string? name = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}@browser.test";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? email };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        await WithDbAsync(async db =>
        {
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync();
            db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = courseRole, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        return email;
    }

    public async Task<T> WithDbAsync<T>(Func<GraderHubDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<GraderHubDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
