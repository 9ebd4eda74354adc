using GraderHub.Data.Entities;
using GraderHub.Grading.Answers;
using GraderHub.Web.Features.Regrade;
using GraderHub.Web.Features.Review;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GraderHub.Web.Tests.Scoring;

// The ProblemScore rows are derived data kept by the application's writers. After a random
// sequence of grades (the grade writer, one or a batch of several students' at once, some of one
// pair), overrides (also of an answer still queued, graded after), hint reveals, regrades,
// extensions, group overrides, group members and removed overrides, each through the
// application's own service (the reveal written as RevealHint writes it), the rows must equal
// ScorePolicy's C# form applied from scratch to every submission: a writer that forgot to refresh
// them shows up here as a difference.
[Collection(WebCollection.Name)]
public sealed class ProblemScoresDriftTests(WebHostFixture host, ITestOutputHelper output)
{
    private enum Step { Grade, GradeBatch, OverrideQueued, Hint, Override, Regrade, Extension, GroupOverride, GroupMember, RemoveOverride }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    [InlineData(11)]
    [InlineData(42)]
    public async Task AfterRandomChanges_TheRowsEqualAFromScratchPricing(int seed)
    {
        var random = new Random(seed);
        var course = await new CourseBuilder(host).SaveAsync();
        var now = DateTimeOffset.UtcNow;
        var (lateSet, late) = await course.SetAsync(1, now.AddDays(-3), 0.1, ("a", 2), ("b", 3));
        var (openSet, open) = await course.SetAsync(2, null, 0, ("c", 1));
        var students = new List<TestUser>();
        for (var i = 0; i < 4; i++) students.Add(await course.StudentAsync($"Drift {seed} {i}"));
        var ta = await course.StaffAsync();
        var group = await host.WithDbAsync(async db =>
        {
            var g = new StudentGroup { CourseId = course.CourseId, Name = "drift " + seed, CreatedAt = now };
            db.StudentGroups.Add(g);
            await db.SaveChangesAsync();
            return g.Id;
        });
        var problems = late.Concat(open).ToArray();
        var steps = Enum.GetValues<Step>();
        var log = new List<string>();

        (string, double) AnyGrade() => random.Next(3) switch { 0 => ("x", 0.0), 1 => ("2x cos(x^2) + 1", 0.5), _ => ("2x cos(x^2)", 1.0) };
        DateTimeOffset AnyTime() => now.AddDays(-random.Next(0, 6)).AddHours(-random.Next(24));

        for (var n = 0; n < 60; n++)
        {
            // Half the steps are grades, so there is something to override and re-price.
            var step = random.Next(2) == 0 ? Step.Grade : steps[random.Next(steps.Length)];
            var student = students[random.Next(students.Count)];
            var setId = random.Next(3) == 0 ? openSet : lateSet;
            var due = now.AddDays(random.Next(-5, 3)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            log.Add($"{step} {student.Email} set {setId}");
            switch (step)
            {
                case Step.Grade:
                    await StoreGradesAsync([await QueueAsync(problems[random.Next(problems.Length)], student.Id, AnyTime(), AnyGrade())]);
                    break;
                case Step.GradeBatch:
                    // As the writer takes whatever the workers finished meanwhile: several students, and one pair twice.
                    var batch = new List<(GradingTicket, double)>();
                    var pairProblem = problems[random.Next(problems.Length)];
                    batch.Add(await QueueAsync(pairProblem, student.Id, AnyTime(), AnyGrade()));
                    batch.Add(await QueueAsync(pairProblem, student.Id, AnyTime(), AnyGrade()));
                    for (var k = random.Next(1, 4); k > 0; k--)
                        batch.Add(await QueueAsync(problems[random.Next(problems.Length)], students[random.Next(students.Count)].Id, AnyTime(), AnyGrade()));
                    await StoreGradesAsync(batch);
                    break;
                case Step.OverrideQueued:
                    // Staff score an answer still waiting for its grade; the grade then lands under it.
                    var waiting = await QueueAsync(problems[random.Next(problems.Length)], student.Id, AnyTime(), AnyGrade());
                    await InScopeAsync(sp => sp.GetRequiredService<OverrideGrade>().RunAsync(waiting.Ticket.Id, ta.Id, random.Next(2) == 0 ? "0.2" : "0.9", "drift test, queued", default));
                    await StoreGradesAsync([waiting]);
                    break;
                case Step.Hint:
                    var hinted = problems[random.Next(problems.Length)];
                    await host.WithDbAsync(async db =>
                    {
                        if (await db.HintReveals.AnyAsync(h => h.UserId == student.Id && h.ProblemId == hinted)) return 0;
                        // After every answer so far, as a reveal at the moment of the click is (an
                        // answer's hint factor never changes); answers queued later may come after it.
                        var answered = await db.Submissions.Where(s => s.UserId == student.Id && s.ProblemId == hinted)
                            .Select(s => s.SubmittedAt).ToListAsync();
                        var revealedAt = answered.Count == 0 ? AnyTime() : answered.Max().AddMinutes(1);
                        db.HintReveals.Add(new HintReveal { ProblemId = hinted, UserId = student.Id, Penalty = 0.25, RevealedAt = revealedAt });
                        return await db.SaveChangesAsync();
                    });
                    break;
                case Step.Override:
                    var ids = await host.WithDbAsync(db => db.Submissions.Where(s => problems.Contains(s.ProblemId)).Select(s => s.Id).ToListAsync());
                    if (ids.Count > 0)
                        await InScopeAsync(sp => sp.GetRequiredService<OverrideGrade>().RunAsync(ids[random.Next(ids.Count)], ta.Id, random.Next(2) == 0 ? "0.3" : "1", "drift test", default));
                    break;
                case Step.Regrade:
                    // The engine's grade replaces the stored one where they differ (the 0.5 partials become 0).
                    await InScopeAsync(sp => sp.GetRequiredService<Regrader>().ApplyAsync([problems[random.Next(problems.Length)]], ta.Id, (_, _) => Task.CompletedTask, default));
                    break;
                case Step.Extension:
                    Assert.Empty(await InScopeAsync(sp => sp.GetRequiredService<CalendarChanges>().SaveOverrideAsync(setId, ta.Id,
                        new OverrideForm { Target = "student:" + student.Id, DueAt = due, LatePenaltyPercent = random.Next(2) == 0 ? "25" : null, Reason = "drift" }, default)));
                    break;
                case Step.GroupOverride:
                    Assert.Empty(await InScopeAsync(sp => sp.GetRequiredService<CalendarChanges>().SaveOverrideAsync(setId, ta.Id,
                        new OverrideForm { Target = "group:" + group, DueAt = due, Reason = "drift" }, default)));
                    break;
                case Step.GroupMember:
                    Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<CalendarChanges>().AddMemberAsync(course.CourseId, group, student.Email, ta.Id, default)));
                    break;
                case Step.RemoveOverride:
                    var overrideIds = await host.WithDbAsync(db => db.ScheduleOverrides.Where(o => o.ProblemSetId == setId).Select(o => o.Id).ToListAsync());
                    if (overrideIds.Count > 0)
                        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<CalendarChanges>().RemoveOverrideAsync(setId, overrideIds[random.Next(overrideIds.Count)], ta.Id, "drift", default)));
                    break;
            }
            // After every step, not only at the end: a later full refresh of the pair (an
            // extension, a regrade) would otherwise hide a wrong row written before it.
            var (expected, stored) = await RowsAsync([lateSet, openSet], problems);
            if (!expected.SequenceEqual(stored)) output.WriteLine(string.Join(Environment.NewLine, log));
            Assert.Equal(expected, stored);
        }
        Assert.NotEmpty((await RowsAsync([lateSet, openSet], problems)).Expected);
    }

    // What the rows should hold, priced from scratch in ScorePolicy's C# form, and what they hold.
    private Task<(List<string> Expected, List<string> Stored)> RowsAsync(int[] setIds, int[] problems) =>
        host.WithDbAsync(async db =>
        {
            var fromScratch = new List<string>();
            foreach (var setId in setIds)
            {
                var schedules = (await Schedules.ForSetAsync(db, setId, default))!;
                var setProblems = await db.Problems.Where(p => p.ProblemSetId == setId).Select(p => p.Id).ToListAsync();
                var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => setProblems.Contains(s.ProblemId))).ToListAsync();
                fromScratch.AddRange(facts.GroupBy(f => (f.UserId, f.ProblemId))
                    .Select(g => (g.Key, Best: ScorePolicy.Best(g.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules.For(f.UserId)))))))
                    .Where(x => x.Best is not null)
                    .Select(x => Describe(x.Key.UserId, x.Key.ProblemId, x.Best!)));
            }
            var rows = await db.ProblemScores.AsNoTracking().Where(r => problems.Contains(r.ProblemId)).ToListAsync();
            return (fromScratch.Order(StringComparer.Ordinal).ToList(),
                rows.Select(r => Describe(r.UserId, r.ProblemId, ProblemScores.PartsOf(r))).Order(StringComparer.Ordinal).ToList());
        });

    // Grades of one student's problem committed at the same moment, through the grading job that
    // worker nodes run: each must be stored at once (not left for Hangfire's retry after a
    // primary-key conflict on the row) and the row must count the best of them, whichever
    // committed last. On PostgreSQL this raced until the refresh took its pair locks.
    [Fact]
    public async Task GradesOfOneStudentsProblem_StoredTogether_EachStored_AndTheRowCountsTheBest()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (_, problems) = await course.SetAsync(1, null, 0, ("a", 2));
        var student = await course.StudentAsync("Racing grades");
        var answers = new[] { "x", "2x cos(x^2)", "x", "x^2", "x", "1" };
        var ids = new List<long>();
        foreach (var (answer, attempt) in answers.Select((a, i) => (a, i + 1)))
            ids.Add(await host.WithDbAsync(async db =>
            {
                var s = new Submission
                {
                    ProblemId = problems[0], UserId = student.Id, AnswerText = answer, VariantSeed = 1, ProblemVersion = 1,
                    AttemptNumber = attempt, Status = SubmissionStatus.Queued, SubmittedAt = DateTimeOffset.UtcNow,
                };
                db.Submissions.Add(s);
                await db.SaveChangesAsync();
                return s.Id;
            }));

        await Task.WhenAll(ids.Select(id => Task.Run(() => InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<GradeSubmissionJob>().RunAsync(id);
            return id;
        }))));

        var (statuses, row) = await host.WithDbAsync(async db => (
            await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.Status).ToListAsync(),
            await db.ProblemScores.AsNoTracking().SingleAsync(r => r.ProblemId == problems[0] && r.UserId == student.Id)));
        Assert.All(statuses, s => Assert.Equal(SubmissionStatus.Graded, s));
        Assert.Equal(ids[1], row.SubmissionId);
        Assert.Equal(1.0, row.Score);
    }

    private static string Describe(string userId, int problemId, ScoreParts parts) =>
        $"{userId} {problemId}: {parts.Score:0.######} ({parts.Explain()})";

    // One of the application's scoped services, as a request gets it.
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    // A submission stored queued, with the grade it will get.
    private async Task<(GradingTicket Ticket, double Score)> QueueAsync(int problemId, string userId, DateTimeOffset at, (string Answer, double Score) grade)
    {
        var ticket = await host.WithDbAsync(async db =>
        {
            var attempt = await db.Submissions.Where(s => s.UserId == userId && s.ProblemId == problemId).MaxAsync(s => (int?)s.AttemptNumber) ?? 0;
            var s = new Submission
            {
                ProblemId = problemId, UserId = userId, AnswerText = grade.Answer, VariantSeed = 1, ProblemVersion = 1,
                AttemptNumber = attempt + 1, Status = SubmissionStatus.Queued, SubmittedAt = at,
            };
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            return new GradingTicket(s.Id, userId, problemId, 1, 1, grade.Answer);
        });
        return (ticket, grade.Score);
    }

    // Their grades stored in one batch of the grade writer, as the grading workers hand them over.
    private Task StoreGradesAsync(IEnumerable<(GradingTicket Ticket, double Score)> grades) =>
        host.Services.GetRequiredService<GradeWriter>().StoreAsync([.. grades.Select(g => new GradeWriter.Item(g.Ticket,
            new GradeOutcome(new GradeResult(g.Score >= 1 ? GradeVerdict.Correct : g.Score > 0 ? GradeVerdict.PartiallyCorrect : GradeVerdict.Incorrect,
                g.Score, "drift", null), null), ReleaseSlot: false))], default);
}
