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
// sequence of grades (the grade writer), overrides, regrades, extensions, group overrides, group
// members and removed overrides, each through the application's own service, the rows must equal
// ScorePolicy's C# form applied from scratch to every submission: a writer that forgot to refresh
// them shows up here as a difference.
[Collection(WebCollection.Name)]
public sealed class ProblemScoresDriftTests(WebHostFixture host, ITestOutputHelper output)
{
    private enum Step { Grade, Override, Regrade, Extension, GroupOverride, GroupMember, RemoveOverride }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
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

        for (var n = 0; n < 40; n++)
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
                    await GradeAsync(problems[random.Next(problems.Length)], student.Id, now.AddDays(-random.Next(0, 6)).AddHours(-random.Next(24)),
                        random.Next(3) switch { 0 => ("x", 0.0), 1 => ("2x cos(x^2) + 1", 0.5), _ => ("2x cos(x^2)", 1.0) });
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
        }
        output.WriteLine(string.Join(Environment.NewLine, log));

        var (expected, stored) = await host.WithDbAsync(async db =>
        {
            var fromScratch = new List<string>();
            foreach (var setId in new[] { lateSet, openSet })
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
        Assert.NotEmpty(expected);
        Assert.Equal(expected, stored);
    }

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

    // A submission stored queued, then graded through the grade writer, as the grading workers do.
    private async Task GradeAsync(int problemId, string userId, DateTimeOffset at, (string Answer, double Score) grade)
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
        var verdict = grade.Score >= 1 ? GradeVerdict.Correct : grade.Score > 0 ? GradeVerdict.PartiallyCorrect : GradeVerdict.Incorrect;
        await host.Services.GetRequiredService<GradeWriter>().StoreAsync(
            [new GradeWriter.Item(ticket, new GradeOutcome(new GradeResult(verdict, grade.Score, "drift", null), null), ReleaseSlot: false)], default);
    }
}
