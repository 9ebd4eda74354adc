using System.Net;
using System.Net.Http.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Exam;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Exam;

// A student's exam log for staff: the start, each answer (its submission id and time), the
// focus reports the page's script posts (the page's own form and token; only while the exam
// runs for that student; bounded and rate limited), and the finish (the button, or time up).
[Collection(WebCollection.Name)]
public sealed class ExamLogTests(WebHostFixture host)
{
    private const string Right = "2x cos(x^2)";
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Log_ShowsStartAnswersFocusAndFinish_ToStaffOnly_AsPageAndCsv()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(6, null, 0, ("l1", 1));
        await course.UpdateSetAsync(setId, s => { s.IsExam = true; s.TimeLimitMinutes = 30; });
        var student = await course.StudentAsync("Lou Logged");
        var neighbour = await course.StudentAsync("Nel Neighbour");
        var ta = await course.StaffAsync();
        var stranger = await new CourseBuilder(host).SaveAsync();
        var otherTa = await stranger.StaffAsync();

        var start = new DateTimeOffset(2031, 3, 4, 9, 0, 0, TimeSpan.Zero);
        using var frozen = host.Clock.Freeze(start);
        var s = await host.SignedInClientAsync(student);
        var setPage = $"/sets/{setId}";
        // Not started: no focus form, and a forged report is refused (409), nothing stored.
        Assert.DoesNotContain("exam-focus", await s.GetStringAsync(setPage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await WebHostFixture.ForgedPostAsync(s, $"{setPage}/events", new() { ["kind"] = "focus-lost" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(s, setPage, $"{setPage}/start", [])).StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NoContent, (await FocusAsync(s, $"/problems/{problems[0]}", setId, "focus-lost")).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.NoContent, (await FocusAsync(s, setPage, setId, "focus-regained")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await FocusAsync(s, setPage, setId, "tab-closed")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(s, $"/problems/{problems[0]}", $"/problems/{problems[0]}", new() { ["answer"] = Right })).StatusCode);
        var answerId = await host.WithDbAsync(db => db.Submissions.Where(x => x.UserId == student.Id && x.ProblemId == problems[0]).Select(x => x.Id).SingleAsync());

        // Finish: the time ends now; an answer a second later is refused with the reason.
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var finishedAt = host.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(s, setPage, $"{setPage}/finish", [])).StatusCode);
        host.Clock.Advance(Second);
        var late = await WebHostFixture.PostFormAsync(s, $"/problems/{problems[0]}", $"/problems/{problems[0]}", new() { ["answer"] = Right });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("You finished this problem set at 2031-03-04 09:03:20", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await WebHostFixture.ForgedPostAsync(s, $"{setPage}/events", new() { ["kind"] = "focus-lost" })).StatusCode);

        // The neighbour starts and never finishes: time up, 30 minutes after their start.
        var n = await host.SignedInClientAsync(neighbour);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(n, setPage, $"{setPage}/start", [])).StatusCode);
        var neighbourEnd = host.Clock.GetUtcNow().AddMinutes(30);
        host.Clock.Advance(TimeSpan.FromMinutes(31));

        var staff = await host.SignedInClientAsync(ta);
        var log = await staff.GetStringAsync($"/exam/sets/{setId}/log?userId={student.Id}");
        Assert.Contains("Lou Logged", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Nel Neighbour</h2>", log, StringComparison.Ordinal);
        foreach (var kind in new[] { "started", "focus_lost", "focus_regained", "answer", "finished" })
            Assert.Contains($"data-kind=\"{kind}\"", log, StringComparison.Ordinal);
        Assert.Contains($"(submission {answerId})", log, StringComparison.Ordinal);
        var csv = await staff.GetStringAsync($"/exam/sets/{setId}/log.csv");
        Assert.Contains($"{student.Email},Lou Logged,2031-03-04 09:00:00,started", csv, StringComparison.Ordinal);
        Assert.Contains($"{student.Email},Lou Logged,2031-03-04 09:01:00,focus_lost", csv, StringComparison.Ordinal);
        Assert.Contains($"{student.Email},Lou Logged,{Features.Schedule.EffectiveSchedule.Format(finishedAt)},finished", csv, StringComparison.Ordinal);
        Assert.Contains($"{neighbour.Email},Nel Neighbour,{Features.Schedule.EffectiveSchedule.Format(neighbourEnd)},time_up", csv, StringComparison.Ordinal);

        // A student never sees a log (403: a member without the level); another course's staff get 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.GetAsync($"/exam/sets/{setId}/log?userId={student.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.GetAsync($"/exam/sets/{setId}/log.csv")).StatusCode);
        var strangerStaff = await host.SignedInClientAsync(otherTa);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerStaff.GetAsync($"/exam/sets/{setId}/log")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/exam/sets/{setId}/log?userId={otherTa.Id}")).StatusCode);
    }

    [Fact]
    public async Task FocusReports_AreBoundedPerStudentAndRateLimited()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, _) = await course.SetAsync(7, null, 0, ("b1", 1));
        await course.UpdateSetAsync(setId, s => { s.IsExam = true; s.TimeLimitMinutes = 60; });
        var student = await course.StudentAsync("Flo Flood");
        var s = await host.SignedInClientAsync(student);
        var setPage = $"/sets/{setId}";
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(s, setPage, $"{setPage}/start", [])).StatusCode);

        var form = await PageForms.FindAsync(s, setPage, $"{setPage}/events");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
            answers.Add((await s.PostAsync(form.Action, new FormUrlEncodedContent(form.Fill(new Dictionary<string, string>())))).StatusCode);
        // A burst is taken, then the rate refuses (the configured burst is 20).
        Assert.Contains(HttpStatusCode.NoContent, answers);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        var stored = await host.WithDbAsync(db => db.ExamEvents.CountAsync(e => e.ProblemSetId == setId && e.UserId == student.Id));
        Assert.Equal(answers.Count(a => a == HttpStatusCode.NoContent), stored);

        // At the cap, nothing more is stored, whatever the rate.
        await host.WithDbAsync(async db =>
        {
            db.ExamEvents.AddRange(Enumerable.Range(0, ExamEvents.MaxPerStudent - stored).Select(_ => new ExamEvent
            {
                ProblemSetId = setId, UserId = student.Id, Kind = ExamEventKind.FocusLost, At = host.Clock.GetUtcNow(),
            }));
            return await db.SaveChangesAsync();
        });
        using (host.Clock.Freeze(host.Clock.GetUtcNow().AddMinutes(5)))
        {
            await Task.Delay(2500);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await s.PostAsync(form.Action, new FormUrlEncodedContent(form.Fill(new Dictionary<string, string>())))).StatusCode);
        }
        Assert.Equal(ExamEvents.MaxPerStudent, await host.WithDbAsync(db => db.ExamEvents.CountAsync(e => e.ProblemSetId == setId && e.UserId == student.Id)));
    }

    [Fact]
    public async Task FinishAndTimeUp_ASecondBeforeAndAfter_WithAndWithoutAnExtension_ByApi()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(8, null, 0, ("f1", 1));
        await course.UpdateSetAsync(setId, s => { s.IsExam = true; s.TimeLimitMinutes = 10; });
        var plain = await course.StudentAsync("Pia Plain");
        var extended = await course.StudentAsync("Eli Extended");
        var ta = await course.StaffAsync();
        await host.WithDbAsync(async db =>
        {
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = setId, UserId = extended.Id, TimeLimitMinutes = 20, Reason = "accommodation letter", ByUserId = ta.Id, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var start = new DateTimeOffset(2031, 5, 6, 14, 0, 0, TimeSpan.Zero);
        using var frozen = host.Clock.Freeze(start);
        var p = await host.BearerClientAsync(plain);
        var e = await host.BearerClientAsync(extended);
        foreach (var c in new[] { p, e }) Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"/api/problemsets/{setId}/start", null)).StatusCode);

        async Task<HttpStatusCode> Answer(HttpClient c) => (await c.PostAsJsonAsync($"/api/problems/{problems[0]}/submissions", new { answer = Right })).StatusCode;
        // A second before the plain student's 10 minutes end: both accepted; a second after: only the extended one.
        host.Clock.Advance(TimeSpan.FromMinutes(10) - Second);
        Assert.Equal(HttpStatusCode.Accepted, await Answer(p));
        host.Clock.Advance(2 * Second);
        Assert.Equal(HttpStatusCode.Conflict, await Answer(p));
        Assert.Equal(HttpStatusCode.Accepted, await Answer(e));
        // The extended student finishes at 15 min: a second before, answers count; a second after, refused.
        host.Clock.Advance(TimeSpan.FromMinutes(5) - 2 * Second);
        Assert.Equal(HttpStatusCode.Accepted, await Answer(e));
        host.Clock.Advance(Second);
        var finished = await e.PostAsync($"/api/problemsets/{setId}/finish", null);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        // Finishing twice keeps the first finish.
        host.Clock.Advance(Second);
        Assert.Equal(HttpStatusCode.OK, (await e.PostAsync($"/api/problemsets/{setId}/finish", null)).StatusCode);
        Assert.Equal(start.AddMinutes(15), await host.WithDbAsync(db => db.TimedStarts.Where(t => t.UserId == extended.Id).Select(t => t.FinishedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Conflict, await Answer(e));
        // The plain student's finish after time up changes nothing: their end stays the time limit's.
        Assert.Equal(HttpStatusCode.OK, (await p.PostAsync($"/api/problemsets/{setId}/finish", null)).StatusCode);
        Assert.Null(await host.WithDbAsync(db => db.TimedStarts.Where(t => t.UserId == plain.Id).Select(t => t.FinishedAt).SingleAsync()));
    }

    // The page's own #exam-focus form, as exam-focus.js posts it, with the kind it reports.
    private static async Task<HttpResponseMessage> FocusAsync(HttpClient client, string page, int setId, string kind)
    {
        var form = await PageForms.FindAsync(client, page, $"/sets/{setId}/events");
        var fields = form.Fill(new Dictionary<string, string>());
        fields["kind"] = kind;
        return await client.PostAsync(form.Action, new FormUrlEncodedContent(fields));
    }
}
