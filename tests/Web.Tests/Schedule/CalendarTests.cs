using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Schedule;

// Extensions, accommodations, timed sets and exam release on the site, with the server's clock
// frozen (TestClock.Freeze, a FakeTimeProvider) so each deadline is tried a second before and a
// second after, whatever the machine's load. Staff change dates through their page's forms.
[Collection(WebCollection.Name)]
public sealed class CalendarTests(WebHostFixture host)
{
    private const string Right = "2x cos(x^2)";
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Extension_MovesOneStudentsHardCloseAndLateFactor_OnPagesApiAndCsv()
    {
        var due = Whole(host.Clock.GetUtcNow()).AddDays(10);
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, due, 0.25, ("p1", 2));
        await course.UpdateSetAsync(setId, s => s.HardCloseAt = due.AddDays(1));
        var extended = await course.StudentAsync("Ada Extended");
        var plain = await course.StudentAsync("Bob Plain");
        var ta = await course.StaffAsync();
        var close = due.AddDays(1);

        using var frozen = host.Clock.Freeze(close - Second);
        var staff = await host.SignedInClientAsync(ta);
        var saved = await WebHostFixture.PostFormAsync(staff, $"/calendar/sets/{setId}", $"/calendar/sets/{setId}/overrides", new()
        {
            ["Target"] = "student:" + extended.Id, ["DueAt"] = Format(due.AddDays(2)), ["HardCloseAt"] = Format(due.AddDays(3)),
            ["Reason"] = "medical certificate",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var audit = await host.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "schedule.override" && a.EntityId == setId.ToString()).SingleAsync());
        Assert.Equal(ta.Id, audit.UserId);
        Assert.Contains("medical certificate", audit.Details, StringComparison.Ordinal);
        Assert.Contains("own dates", await staff.GetStringAsync($"/calendar/sets/{setId}"), StringComparison.Ordinal);

        var a = await host.SignedInClientAsync(extended);
        var b = await host.SignedInClientAsync(plain);
        var aPage = await a.GetStringAsync($"/problems/{problems[0]}");
        Assert.Contains("Your due date", aPage, StringComparison.Ordinal);
        Assert.Contains(Format(due.AddDays(2)) + " UTC", aPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Your due date", await b.GetStringAsync($"/problems/{problems[0]}"), StringComparison.Ordinal);

        // A second before the set's hard close: both accepted.
        await SubmitAsync(a, problems[0], HttpStatusCode.Redirect);
        await SubmitAsync(b, problems[0], HttpStatusCode.Redirect);
        // A second after it: the plain student refused with the reason, the extended one accepted.
        host.Clock.Advance(2 * Second);
        var refused = await SubmitAsync(b, problems[0], HttpStatusCode.Conflict);
        Assert.Contains("no longer accepted", refused, StringComparison.Ordinal);
        await SubmitAsync(a, problems[0], HttpStatusCode.Redirect);
        // The extended close, a second either side.
        host.Clock.Advance(due.AddDays(3) - Second - host.Clock.GetUtcNow());
        await SubmitAsync(a, problems[0], HttpStatusCode.Redirect);
        host.Clock.Advance(2 * Second);
        await SubmitAsync(a, problems[0], HttpStatusCode.Conflict);

        var rows = await host.WithDbAsync(db => db.Submissions.Where(s => s.ProblemId == problems[0])
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.UserId }).ToListAsync());
        Assert.Equal(3, rows.Count(r => r.UserId == extended.Id));
        Assert.Equal(1, rows.Count(r => r.UserId == plain.Id));
        var aIds = rows.Where(r => r.UserId == extended.Id).Select(r => r.Id).ToList();
        // Late factors by each student's own due date: B a started day late; A on time, on time, then a day late.
        Assert.Equal(0.75, (await WebHostFixture.WaitForGradeAsync(b, rows.Single(r => r.UserId == plain.Id).Id)).GetProperty("lateFactor").GetDouble());
        var aLate = await Task.WhenAll(aIds.Select(async id => (await WebHostFixture.WaitForGradeAsync(a, id)).GetProperty("lateFactor").GetDouble()));
        Assert.Equal(new[] { 1.0, 1.0, 0.75 }, aLate);

        // The gradebook's CSV prices each student by their own dates too (SQL).
        var csv = await staff.GetStringAsync($"/reports/sets/{setId}/report.csv");
        Assert.Contains($"{extended.Email},Ada Extended,2,2", csv, StringComparison.Ordinal);
        Assert.Contains($"{plain.Email},Bob Plain,1.5,1.5", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimedSet_StartIsIdempotent_TheLimitHoldsToTheSecond_WithExtraTimeAndAnExtension()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, null, 0, ("p1", 2));
        await course.UpdateSetAsync(setId, s => s.TimeLimitMinutes = 30);
        var one = await course.StudentAsync("Cat Timed");
        var two = await course.StudentAsync("Dan Accommodated");
        var ta = await course.StaffAsync();
        var t0 = Whole(host.Clock.GetUtcNow()).AddDays(20);

        using var frozen = host.Clock.Freeze(t0);
        var staff = await host.SignedInClientAsync(ta);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, $"/calendar/sets/{setId}",
            $"/calendar/courses/{course.CourseId}/groups", new() { ["name"] = "Extra time", ["extraTimePercent"] = "50" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, $"/calendar/sets/{setId}",
            $"/calendar/courses/{course.CourseId}/groups/members", new() { ["email"] = two.Email })).StatusCode);

        var c = await host.SignedInClientAsync(one);
        var d = await host.SignedInClientAsync(two);
        // Before the start the problems do not exist for the student.
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/problems/{problems[0]}")).StatusCode);
        Assert.Contains("start-timed", await c.GetStringAsync($"/sets/{setId}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(c, $"/sets/{setId}", $"/sets/{setId}/start", [])).StatusCode);

        // Starting again later (another tab, the API) is the same start.
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = await StartByApiAsync(c, setId);
        Assert.Equal(t0, again.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(t0.AddMinutes(30), again.GetProperty("timeEndsAt").GetDateTimeOffset());
        var dStart = await StartByApiAsync(d, setId);
        Assert.Equal(t0.AddSeconds(10).AddMinutes(45), dStart.GetProperty("timeEndsAt").GetDateTimeOffset());
        Assert.Equal(1, await host.WithDbAsync(db => db.TimedStarts.CountAsync(t => t.ProblemSetId == setId && t.UserId == one.Id)));

        host.Clock.Advance(t0.AddMinutes(30) - Second - host.Clock.GetUtcNow());
        await SubmitAsync(c, problems[0], HttpStatusCode.Redirect);
        host.Clock.Advance(2 * Second);
        Assert.Contains("Your time for this problem set ended", await SubmitAsync(c, problems[0], HttpStatusCode.Conflict), StringComparison.Ordinal);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problems[0]}/submissions") { Content = JsonContent.Create(new { answer = Right }) };
        post.Headers.Add("RequestVerificationToken", await WebHostFixture.SessionTokenAsync(c));
        var api = await c.SendAsync(post);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("ended at", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);

        // The accommodated student still has a quarter of an hour, to the second.
        host.Clock.Advance(t0.AddSeconds(10).AddMinutes(45) - Second - host.Clock.GetUtcNow());
        await SubmitAsync(d, problems[0], HttpStatusCode.Redirect);
        host.Clock.Advance(2 * Second);
        await SubmitAsync(d, problems[0], HttpStatusCode.Conflict);

        // A TA extends the first student's limit to an hour, after their time ran out.
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, $"/calendar/sets/{setId}", $"/calendar/sets/{setId}/overrides",
            new() { ["Target"] = "student:" + one.Id, ["TimeLimitMinutes"] = "60", ["Reason"] = "fire alarm during the quiz" })).StatusCode);
        var page = await c.GetStringAsync($"/problems/{problems[0]}");
        Assert.Contains("id=\"time-left\"", page, StringComparison.Ordinal);
        Assert.Contains("own dates", page, StringComparison.Ordinal);
        await SubmitAsync(c, problems[0], HttpStatusCode.Redirect);
        Assert.Equal(2, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.ProblemId == problems[0] && s.UserId == one.Id)));
    }

    [Fact]
    public async Task Exam_HidesResultsUntilReleased_PerStudentThenEveryone_AndHidesOtherSetsWhileItRuns()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (examId, problems) = await course.SetAsync(2, null, 0, ("e1", 2));
        var (otherId, _) = await course.SetAsync(1, null, 0, ("o1", 1));
        await course.UpdateSetAsync(examId, s => { s.IsExam = true; s.TimeLimitMinutes = 20; });
        var first = await course.StudentAsync("Eve Exam");
        var second = await course.StudentAsync("Fay Exam");
        var ta = await course.StaffAsync();

        using var frozen = host.Clock.Freeze(Whole(host.Clock.GetUtcNow()).AddDays(30));
        var e = await host.SignedInClientAsync(first);
        var f = await host.SignedInClientAsync(second);
        var staff = await host.SignedInClientAsync(ta);
        foreach (var client in new[] { e, f })
            Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(client, $"/sets/{examId}", $"/sets/{examId}/start", [])).StatusCode);
        // While the exam runs, the course's other sets are gone for its students.
        Assert.Equal(HttpStatusCode.NotFound, (await e.GetAsync($"/sets/{otherId}")).StatusCode);
        Assert.DoesNotContain($"/sets/{otherId}\"", await e.GetStringAsync("/"), StringComparison.Ordinal);

        await SubmitAsync(e, problems[0], HttpStatusCode.Redirect);
        await SubmitAsync(f, problems[0], HttpStatusCode.Redirect);
        var ids = await host.WithDbAsync(db => db.Submissions.Where(s => s.ProblemId == problems[0]).ToDictionaryAsync(s => s.UserId, s => s.Id));
        var hidden = await WaitGradedHiddenAsync(e, ids[first.Id]);
        Assert.False(hidden.TryGetProperty("score", out _));
        Assert.Contains("Received", await e.GetStringAsync($"/problems/{problems[0]}"), StringComparison.Ordinal);
        // Staff see the result at once.
        Assert.Contains($"{first.Email},Eve Exam,2,2", await staff.GetStringAsync($"/reports/sets/{examId}/report.csv"), StringComparison.Ordinal);

        var perStudent = PageForms.Read($"/calendar/sets/{examId}", await staff.GetStringAsync($"/calendar/sets/{examId}"))
            .Single(x => x.Action == $"/calendar/sets/{examId}/release" && x.Defaults.GetValueOrDefault("userId") == first.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(perStudent.Action, new FormUrlEncodedContent(perStudent.Fill(new Dictionary<string, string>())))).StatusCode);
        Assert.Equal(1.0, (await WebHostFixture.WaitForGradeAsync(e, ids[first.Id])).GetProperty("score").GetDouble());
        Assert.True((await WaitGradedHiddenAsync(f, ids[second.Id])).GetProperty("resultsHidden").GetBoolean());

        var all = PageForms.Read($"/calendar/sets/{examId}", await staff.GetStringAsync($"/calendar/sets/{examId}"))
            .Single(x => x.Action == $"/calendar/sets/{examId}/release" && !x.Defaults.ContainsKey("userId"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(all.Action, new FormUrlEncodedContent(all.Fill(new Dictionary<string, string>())))).StatusCode);
        Assert.Equal(1.0, (await WebHostFixture.WaitForGradeAsync(f, ids[second.Id])).GetProperty("score").GetDouble());
        Assert.Equal(2, await host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "results.release" && a.EntityId == examId.ToString() && a.UserId == ta.Id)));

        // Once the time is up, the other sets are back.
        host.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.OK, (await e.GetAsync($"/sets/{otherId}")).StatusCode);
    }

    // The site keeps a student's calendars between requests (ScheduleCache); a hand edit in SQL,
    // which no code of the site sees, still moves the deadline at once: the database's triggers
    // bump the stamp the kept copy is checked against (CalendarStamps).
    [Fact]
    public async Task HandEditInSql_MovesTheHardClose_ForTheVeryNextAnswer()
    {
        var due = Whole(host.Clock.GetUtcNow()).AddDays(10);
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, due, 0.25, ("p1", 2));
        await course.UpdateSetAsync(setId, s => s.HardCloseAt = due.AddDays(1));
        var student = await host.SignedInClientAsync(await course.StudentAsync("Cy Cached"));

        using var frozen = host.Clock.Freeze(due + Second);
        await SubmitAsync(student, problems[0], HttpStatusCode.Redirect);
        var stampBefore = await host.WithDbAsync(db => db.CalendarStamps.Select(c => c.Version).SingleAsync());
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"ProblemSets\" SET \"HardCloseAt\" = \"DueAt\" WHERE \"Id\" = {0}", setId));
        Assert.NotEqual(stampBefore, await host.WithDbAsync(db => db.CalendarStamps.Select(c => c.Version).SingleAsync()));
        // A second past the new hard close: refused.
        Assert.Contains("closed", await SubmitAsync(student, problems[0], HttpStatusCode.Conflict), StringComparison.OrdinalIgnoreCase);

        // And back, by hand again: accepted at once.
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"ProblemSets\" SET \"HardCloseAt\" = NULL WHERE \"Id\" = {0}", setId));
        await SubmitAsync(student, problems[0], HttpStatusCode.Redirect);
    }

    // The caller's role in a course is kept between requests (ScheduleCache) like the calendars:
    // an enrolment changed or dropped by hand in SQL counts from the very next request.
    [Fact]
    public async Task HandEditInSql_ChangedOrDroppedEnrolment_CountsFromTheVeryNextRequest()
    {
        var due = Whole(host.Clock.GetUtcNow()).AddDays(10);
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, due, 0.25, ("p1", 2));
        var user = await course.StudentAsync("Dee Promoted");
        var client = await host.SignedInClientAsync(user);
        var report = $"/reports/sets/{setId}/report.csv";
        async Task<HttpStatusCode> StatusAsync(string path)
        {
            using var response = await client.GetAsync(path);
            return response.StatusCode;
        }

        Task SetRoleAsync(string role) => host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"Enrollments\" SET \"Role\" = {0} WHERE \"UserId\" = {1} AND \"CourseId\" = {2}", role, user.Id, course.CourseId));

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(report));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/problems/{problems[0]}"));
        await SetRoleAsync("ta");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(report));
        await SetRoleAsync("student");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(report));

        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"Enrollments\" WHERE \"UserId\" = {0} AND \"CourseId\" = {1}", user.Id, course.CourseId));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync($"/problems/{problems[0]}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(report));
        await course.EnrollAsync(user.Id, CourseRole.Student);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/problems/{problems[0]}"));
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // The problem page's own form; returns the page's text (the refusal's reason on a 409).
    private static async Task<string> SubmitAsync(HttpClient client, int problemId, HttpStatusCode expected)
    {
        var response = await WebHostFixture.PostFormAsync(client, $"/problems/{problemId}", $"/problems/{problemId}", new() { ["answer"] = Right });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        return body;
    }

    private static async Task<JsonElement> StartByApiAsync(HttpClient client, int setId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problemsets/{setId}/start");
        request.Headers.Add("RequestVerificationToken", await WebHostFixture.SessionTokenAsync(client));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // An exam's answer, graded in the database, still hidden from its student.
    private async Task<JsonElement> WaitGradedHiddenAsync(HttpClient client, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()) != SubmissionStatus.Graded)
        {
            Assert.True(DateTime.UtcNow < deadline, $"submission {id} not graded after 30 s");
            await Task.Delay(50);
        }
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/submissions/{id}");
        Assert.True(json.GetProperty("resultsHidden").GetBoolean());
        Assert.Equal("received", json.GetProperty("status").GetString());
        return json;
    }
}
