using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Lti;
using GraderHub.Web.Tests.Lti;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.BrowserTests;

// The outbox survives the process: a score the LMS would not take (503) is still pending when the
// site stops, even in the middle of a send; the next start, on the same database, sends it. Two sites one after the other (never
// two at once: Hangfire's state is process-global), in this project because its classes run one
// at a time.
public sealed class LtiRestartTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "graderhub-lti-restart-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();
    private Uri _site = new("http://127.0.0.1/");

    public Task InitializeAsync() => Task.CompletedTask;

    private (WebApplicationFactory<Program> Factory, Uri Address) Start()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("GraderHub:DataFolder", _dataFolder);
            b.UseSetting("GraderHub:DemoAccounts", "false");
            b.UseSetting("GraderHub:GradingWorkers", "2");
            b.UseSetting("GraderHub:Lti:RetryBaseSeconds", "0.5");
            b.UseUrls("http://127.0.0.1:0");
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, new Uri(address));
    }

    [Fact]
    public async Task ScoresLeftInTheOutbox_WhenTheToolStops_ArriveAfterItStartsAgain()
    {
        await using var lms = await TestPlatform.StartAsync("http://127.0.0.1", () => _http.GetStringAsync(new Uri(_site, "/lti/jwks")));
        lms.ScoreStatus = 503;
        string userId;
        var (first, address) = Start();
        _site = address;
        await using (first)
        {
            using var scope = first.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<PlatformRegistry>().RegisterAsync(new PlatformSettings
            {
                Issuer = lms.Issuer, ClientId = lms.ClientId, DeploymentIds = [TestPlatform.Deployment], AuthUrl = lms.AuthUrl,
                TokenUrl = lms.TokenUrl, JwksUrl = lms.JwksUrl, CourseId = course.Id,
            }, CancellationToken.None));
            var platform = await db.LtiPlatforms.SingleAsync(p => p.Issuer == lms.Issuer);
            // A learner known to the LMS, with a right answer stored as the grading path stores it.
            var handler = scope.ServiceProvider.GetRequiredService<LaunchHandler>();
            var now = DateTimeOffset.UtcNow;
            var user = await handler.UserAsync(platform, "restart-learner", "Rex Restart", null, now, launched: true, CancellationToken.None);
            userId = user.Id;
            var context = await handler.ContextAsync(platform, TestPlatform.Deployment, "course-1", "Calculus 101", now, CancellationToken.None);
            context.LineItemsUrl = lms.LineItemsUrl("course-1");
            await handler.EnrolAsync(course.Id, user.Id, CourseRole.Student, now, CancellationToken.None);
            await db.SaveChangesAsync();
            var problem = await db.Problems.Where(p => p.ProblemSet.CourseId == course.Id && p.ProblemSet.IsPublished && p.ProblemSet.DueAt == null)
                .OrderBy(p => p.ProblemSet.Week).ThenBy(p => p.Position).FirstAsync();
            var submission = new Submission
            {
                ProblemId = problem.Id, UserId = user.Id, AnswerText = "(stored by the test)", VariantSeed = 1, ProblemVersion = problem.Version,
                AttemptNumber = 1, Status = SubmissionStatus.Graded, SubmittedAt = now,
            };
            submission.RecordGrade(new Grading.Answers.GradeResult(Grading.Answers.GradeVerdict.Correct, 1, "right", null), "test", problem.Version, now);
            db.Submissions.Add(submission);
            var outbox = scope.ServiceProvider.GetRequiredService<ScoreOutbox>();
            await outbox.SaveWithScoresAsync(o => o.RecordForSubmissionsAsync([submission.Id], CancellationToken.None), CancellationToken.None);
            await Until.TrueAsync(() => lms.ScoreRequests >= 1, () => "the LMS was asked at least once");
            Assert.Empty(lms.Scores);
            Assert.Equal(1, await db.LtiScores.CountAsync(s => s.UserId == userId && s.Status == LtiScoreStatus.Pending));
            // As a process stopped in the middle of a send leaves the row: still claimed for two
            // minutes, its retry due a few seconds later with the job that would run it gone.
            await db.LtiScores.Where(s => s.UserId == userId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.LockedUntil, DateTimeOffset.UtcNow.AddMinutes(2))
                .SetProperty(s => s.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(5)));
        }
        SqliteConnection.ClearAllPools();

        lms.ScoreStatus = null;
        var (second, secondAddress) = Start();
        _site = secondAddress;
        await using (second)
        {
            await Until.TrueAsync(() => lms.Scores.Any(s => s.UserId == "restart-learner"), () => "the score after the restart");
            Assert.Single(lms.Scores, s => s.UserId == "restart-learner");
            using var scope = second.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
            await Until.TrueAsync(() => db.LtiScores.AsNoTracking().Any(s => s.UserId == userId && s.Status == LtiScoreStatus.Sent), () => "the row marked sent");
        }
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
