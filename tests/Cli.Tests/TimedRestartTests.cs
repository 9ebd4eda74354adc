using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Cli.Commands.Load;
using GraderHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Cli.Tests;

// A timed set's deadline across a restart of the server: the built site as a child process,
// kill -9, started again on the same database. The start is the stored one, so the end is too.
public sealed class TimedRestartTests
{
    [Fact]
    public async Task TimedStart_KillAndRestartTheSite_SameStartAndSameEnd()
    {
        var dll = BuiltSite();
        await using var site = SiteProcess.Create(dll, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        await site.StartAsync(TimeSpan.FromMinutes(3));
        int setId;
        await using (var db = new GraderHubDbContext(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite(site.Database.Connection).Options))
        {
            var set = await db.ProblemSets.SingleAsync(s => s.Key == "week-1");
            set.TimeLimitMinutes = 30;
            await db.SaveChangesAsync();
            setId = set.Id;
        }

        var before = await StartAsync(site.Url!, setId);
        site.KillHard();
        await site.StartAsync(TimeSpan.FromMinutes(3));
        var after = await StartAsync(site.Url!, setId);

        Assert.Equal(before.GetProperty("startedAt").GetDateTimeOffset(), after.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("timeEndsAt").GetDateTimeOffset(), after.GetProperty("timeEndsAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("startedAt").GetDateTimeOffset().AddMinutes(30), after.GetProperty("timeEndsAt").GetDateTimeOffset());
        Assert.True(after.GetProperty("secondsLeft").GetInt32() <= before.GetProperty("secondsLeft").GetInt32());
    }

    // A demo student signs in and starts the set (idempotent: the second call is the same start).
    private static async Task<JsonElement> StartAsync(Uri url, int setId)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "student1@demo.local", password = "GraderHub-demo-1" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var start = await http.PostAsync($"/api/problemsets/{setId}/start", null);
        start.EnsureSuccessStatusCode();
        return await start.Content.ReadFromJsonAsync<JsonElement>();
    }

    // The Debug build of the site beside this repository (the solution's build makes it).
    private static string BuiltSite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "GraderHub.sln"))) continue;
            var dll = Path.Combine(dir.FullName, "src", "Web", "bin", "Debug", "net10.0", "GraderHub.Web.dll");
            Assert.True(File.Exists(dll), $"build the site first: {dll} is missing");
            return dll;
        }
        throw new InvalidOperationException("GraderHub.sln not found above " + AppContext.BaseDirectory);
    }
}
