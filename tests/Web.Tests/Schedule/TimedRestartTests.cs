using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;

namespace GraderHub.Web.Tests.Schedule;

// A timed set's finish is stored, not held in memory: after a restart of the server on the same
// database the student's set is still finished and answers are refused with the reason.
[Collection(WebCollection.Name)]
public sealed class TimedRestartTests(WebHostFixture host)
{
    [Fact]
    public async Task FinishedTimedSet_AfterARestart_IsStillFinished_AndAnswersAre409WithTheReason()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, null, 0, ("p1", 2));
        await course.UpdateSetAsync(setId, s => s.TimeLimitMinutes = 30);
        var student = await course.StudentAsync("Fay Finished");
        var t0 = new DateTimeOffset(host.Clock.GetUtcNow().Date, TimeSpan.Zero).AddDays(25);

        using var frozen = host.Clock.Freeze(t0);
        var before = await host.SignedInClientAsync(student);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(before, $"/api/problemsets/{setId}/start")).StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var finished = await PostAsync(before, $"/api/problemsets/{setId}/finish");
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        var endsAt = (await finished.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeEndsAt").GetDateTimeOffset();
        Assert.Equal(t0.AddMinutes(5), endsAt);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        // Another server process on the same database: new services, nothing kept in memory.
        using var restarted = host.StartSecondSite();
        var after = restarted.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(after, "/account/login", "/account/login",
            new() { ["Email"] = student.Email, ["Password"] = WebHostFixture.Password })).StatusCode);

        var set = await after.GetFromJsonAsync<JsonElement>($"/api/problemsets/{setId}");
        Assert.Equal(endsAt, set.GetProperty("schedule").GetProperty("timeEndsAt").GetDateTimeOffset());
        using var answer = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problems[0]}/submissions") { Content = JsonContent.Create(new { answer = "2x cos(x^2)" }) };
        answer.Headers.Add("RequestVerificationToken", await WebHostFixture.SessionTokenAsync(after));
        var refused = await after.SendAsync(answer);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("You finished this problem set", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        // Starting again does not reopen it.
        Assert.Equal(endsAt, (await (await PostAsync(after, $"/api/problemsets/{setId}/start")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("timeEndsAt").GetDateTimeOffset());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("RequestVerificationToken", await WebHostFixture.SessionTokenAsync(client));
        return await client.SendAsync(request);
    }
}
