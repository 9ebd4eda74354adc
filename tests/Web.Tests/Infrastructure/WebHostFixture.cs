using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Infrastructure;

// One host for the whole assembly: Hangfire's configuration is process-global, so two hosts in
// one process break each other (STACK.md, 2); StartSecondSite is the one, bounded exception.
// Each test creates its own users and problems.
public sealed class WebHostFixture : WebApplicationFactory<Program>
{
    public const string Password = "Test-password-1";
    // The server's clock: tests of dates move it forward for a while (TestClock.Travel).
    public TestClock Clock { get; } = new();
    // Off unless a fault test turns it on: every connection then sees a database that cannot grow.
    public DiskFullSimulator DiskFull { get; } = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "graderhub-web-tests-" + Guid.NewGuid().ToString("N"));
    // With GRADERHUB_TEST_POSTGRES set the whole suite runs on PostgreSQL and Hangfire's
    // PostgreSQL storage, in a database of its own (.ci/run runs the suite on both).
    private readonly string? _postgres = TestPostgres.Enabled ? TestPostgres.NewDatabase("web") : null;

    public DatabaseProvider Database => _postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("GraderHub:DataFolder", _dataFolder);
        if (_postgres is not null)
        {
            builder.UseSetting("GraderHub:Database", nameof(DatabaseProvider.PostgreSql));
            builder.UseSetting("ConnectionStrings:GraderHub", _postgres);
        }
        // Tests make their own accounts; the demo ones would only hide a missing setup step.
        builder.UseSetting("GraderHub:DemoAccounts", "false");
        // LTI score retries a fraction of a second apart (Lti/ScoreSender), and delayed jobs looked for every second.
        builder.UseSetting("GraderHub:Lti:RetryBaseSeconds", "0.2");
        builder.UseSetting("GraderHub:Jobs:SchedulePollingSeconds", "1");
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(DiskFull);
        });
    }

    // A second site on the same database, as after a restart of the server: new services, nothing
    // kept in memory. Hangfire keeps its configuration in statics, which the second site takes
    // over while it runs; they are given back to this host when it stops, or this host's jobs
    // would log through the stopped site's disposed logger.
    public SecondSite StartSecondSite()
    {
        var site = WithWebHostBuilder(_ => { });
        _ = site.Services;
        return new SecondSite(site, () =>
        {
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(
                new Hangfire.AspNetCore.AspNetCoreLogProvider(Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
            Hangfire.JobActivator.Current = new Hangfire.AspNetCore.AspNetCoreJobActivator(Services.GetRequiredService<IServiceScopeFactory>());
            Hangfire.JobStorage.Current = Services.GetRequiredService<Hangfire.JobStorage>();
        });
    }

    public sealed class SecondSite(WebApplicationFactory<Program> site, Action giveBack) : IDisposable
    {
        public HttpClient CreateBrowserClient() =>
            site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        public HttpClient CreateClient() => site.CreateClient();

        public void Dispose()
        {
            site.Dispose();
            giveBack();
        }
    }

    public async Task<TestUser> CreateUserAsync(string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return new TestUser(user.Id, email);
    }

    public Task EnrollAsync(TestUser user, CourseRole role) => WithDbAsync(async db =>
    {
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        return await db.SaveChangesAsync();
    });

    // A first attempt stored as queued, as the submit leaves it for the grader; returns its id.
    public Task<long> AddQueuedSubmissionAsync(int problemId, string userId, string answer, int seed) => WithDbAsync(async db =>
    {
        var s = new Submission
        {
            ProblemId = problemId, UserId = userId, AnswerText = answer, VariantSeed = seed, ProblemVersion = 1,
            AttemptNumber = 1, Status = SubmissionStatus.Queued, SubmittedAt = DateTimeOffset.UtcNow,
        };
        db.Submissions.Add(s);
        await db.SaveChangesAsync();
        return s.Id;
    });

    public async Task<T> WithDbAsync<T>(Func<GraderHubDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<GraderHubDbContext>());
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    // Signs in through the form, with the antiforgery token read from the page, as a browser does.
    public async Task<HttpClient> SignedInClientAsync(TestUser user)
    {
        var client = CreateBrowserClient();
        var response = await PostFormAsync(client, "/account/login", "/account/login",
            new() { ["Email"] = user.Email, ["Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<HttpClient> BearerClientAsync(TestUser user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    // Submits the form on `pagePath` that posts to `action`, as a browser would: the form's own
    // hidden fields and antiforgery token, the fields the person fills in (each must be a control
    // of that form). A page whose form lacks its token fails here, not in production.
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, string action,
        Dictionary<string, string> typed)
    {
        var form = await PageForms.FindAsync(client, pagePath, action, typed);
        return await client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fill(typed)));
    }

    // A post that no page of this user offers (authorization tests: a stranger replaying another
    // course's form). It carries the session's own valid token, from the sign-out form of the
    // dashboard, so the request reaches the authorization check rather than the antiforgery one.
    public static async Task<HttpResponseMessage> ForgedPostAsync(HttpClient client, string action, Dictionary<string, string> fields)
    {
        fields[PageForm.TokenField] = await SessionTokenAsync(client);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    // The session's antiforgery token for requests that send it as a header rather than in a
    // form (the JSON API, Hangfire's dashboard buttons): from the dashboard's sign-out form.
    public static async Task<string> SessionTokenAsync(HttpClient client) =>
        (await PageForms.FindAsync(client, "/", "/account/logout")).Token
            ?? throw new InvalidOperationException("the sign-out form carries no token");

    // Grading is asynchronous (a Hangfire job): poll the API as the page does.
    public static async Task<JsonElement> WaitForGradeAsync(HttpClient client, long submissionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/submissions/{submissionId}");
            var status = json.GetProperty("status").GetString();
            if (status is "graded" or "failed") return json;
            Assert.True(DateTime.UtcNow < deadline, $"submission {submissionId} still {status} after 30 s");
            await Task.Delay(50);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        if (_postgres is not null) TestPostgres.DropAsync(_postgres).GetAwaiter().GetResult();
    }
}

public sealed record TestUser(string Id, string Email);

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebHostFixture>
{
    public const string Name = "web host";
}
