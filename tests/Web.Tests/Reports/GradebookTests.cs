using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Reports;

// One set of 2 + 3 points due at D with 25 % off per started day late, numbers worked by hand:
//   Alice  p1: 0 at D-1d, 1 at D-1h          -> 1    x 2 = 2
//          p2: 1 at D+1h (1 day late, x0.75) -> 0.75 x 3 = 2.25      total 4.25 (85 %)
//   Bob    p1: 1 at D+30h (2 days, x0.5), 0.4 at D-2h -> max(0.5, 0.4) x 2 = 1
//          p2: 0 at D-1d, overridden to 0.6  -> 0.6 x 3 = 1.8        total 2.8  (56 %)
//   Carol  p1: 1 at D+5d (x0, floored)       -> 0
//          p2: still queued (not counted)    -> 0                    total 0    (0 %)
// Week 2 (no deadline, 1 point): Bob 1 -> course totals 4.25, 3.8, 0 of 6.
public sealed record Scenario(CourseBuilder Course, int SetId, int[] Problems, int Set2Id, TestUser Alice, TestUser Bob, TestUser Carol, TestUser Ta);

[Collection(WebCollection.Name)]
public sealed class GradebookTests(WebHostFixture host)
{
    public static readonly DateTimeOffset Due = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Scenario> ScenarioAsync(WebHostFixture host)
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, Due, 0.25, ("p1", 2), ("p2", 3));
        var (set2Id, p2) = await course.SetAsync(2, null, 0.25, ("q1", 1));
        var alice = await course.StudentAsync("Alice");
        var bob = await course.StudentAsync("Bob");
        var carol = await course.StudentAsync("Carol");
        var ta = await course.StaffAsync();

        await course.SubmissionAsync(p[0], alice, 1, Due.AddDays(-1), 0);
        await course.SubmissionAsync(p[0], alice, 2, Due.AddHours(-1), 1);
        await course.SubmissionAsync(p[1], alice, 1, Due.AddHours(1), 1);
        await course.SubmissionAsync(p[0], bob, 1, Due.AddHours(30), 1);
        await course.SubmissionAsync(p[0], bob, 2, Due.AddHours(-2), 0.4);
        var bobP2 = await course.SubmissionAsync(p[1], bob, 1, Due.AddDays(-1), 0);
        await course.OverrideAsync(bobP2, ta.Id, 0.6, Due);
        await course.SubmissionAsync(p2[0], bob, 1, Due.AddDays(30), 1);
        await course.SubmissionAsync(p[0], carol, 1, Due.AddDays(5), 1);
        await course.SubmissionAsync(p[1], carol, 1, Due, 0, status: SubmissionStatus.Queued);
        return new Scenario(course, setId, p, set2Id, alice, bob, carol, ta);
    }

    [Fact]
    public async Task SetCsv_AppliesLatePenaltiesAndOverrides()
    {
        var s = await ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);

        var rows = await CsvRowsAsync(ta, $"/reports/sets/{s.SetId}/report.csv");

        Assert.Equal("email,name,p1 (2),p2 (3),total (5)", rows[0]);
        Assert.Equal($"{s.Alice.Email},Alice,2,2.25,4.25", rows.Single(r => r.StartsWith(s.Alice.Email, StringComparison.Ordinal)));
        Assert.Equal($"{s.Bob.Email},Bob,1,1.8,2.8", rows.Single(r => r.StartsWith(s.Bob.Email, StringComparison.Ordinal)));
        Assert.Equal($"{s.Carol.Email},Carol,0,0,0", rows.Single(r => r.StartsWith(s.Carol.Email, StringComparison.Ordinal)));
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task CourseCsv_HasAColumnPerSetAndTotals_ApiGivesTheSetReport()
    {
        var s = await ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);

        var rows = await CsvRowsAsync(ta, $"/reports/courses/{s.Course.CourseId}/gradebook.csv");
        var header = rows[0].Split(',');
        Assert.Equal(["email", "name"], header[..2]);
        Assert.Equal(["(5)", "(1)", "(6)"], header[2..].Select(h => h.Split(' ')[1]));
        Assert.Equal($"{s.Alice.Email},Alice,4.25,0,4.25", rows.Single(r => r.StartsWith(s.Alice.Email, StringComparison.Ordinal)));
        Assert.Equal($"{s.Bob.Email},Bob,2.8,1,3.8", rows.Single(r => r.StartsWith(s.Bob.Email, StringComparison.Ordinal)));

        var api = await CsvRowsAsync(await host.BearerClientAsync(s.Ta), $"/api/problemsets/{s.SetId}/report.csv");
        Assert.Equal(await CsvRowsAsync(ta, $"/reports/sets/{s.SetId}/report.csv"), api);
    }

    [Fact]
    public async Task SetPage_SortsFiltersAndDrawsTheHistogram()
    {
        var s = await ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);

        var byTotal = await ta.GetStringAsync($"/reports/sets/{s.SetId}?sort=total&desc=true");
        Assert.True(IndexOf(byTotal, "Alice") < IndexOf(byTotal, "Bob") && IndexOf(byTotal, "Bob") < IndexOf(byTotal, "Carol"));
        var ascending = await ta.GetStringAsync($"/reports/sets/{s.SetId}?sort=total");
        Assert.True(IndexOf(ascending, "Carol") < IndexOf(ascending, "Bob") && IndexOf(ascending, "Bob") < IndexOf(ascending, "Alice"));
        // Column 1 is p2: Alice 2.25 > Bob 1.8 > Carol 0 descending.
        var byP2 = await ta.GetStringAsync($"/reports/sets/{s.SetId}?sort=c1&desc=true");
        Assert.True(IndexOf(byP2, "Alice") < IndexOf(byP2, "Bob"));

        var filtered = await ta.GetStringAsync($"/reports/sets/{s.SetId}?q=bob");
        Assert.Contains("data-total=\"2.8\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("data-total=\"4.25\"", filtered, StringComparison.Ordinal);
        Assert.Contains("1 of 3 students", filtered, StringComparison.Ordinal);

        // 85 % -> band 80, 56 % -> band 50, 0 % -> band 0; the histogram counts all students, not the filter.
        Assert.Contains("data-bucket=\"80\" data-count=\"1\"", filtered, StringComparison.Ordinal);
        Assert.Contains("data-bucket=\"50\" data-count=\"1\"", filtered, StringComparison.Ordinal);
        Assert.Contains("data-bucket=\"0\" data-count=\"1\"", filtered, StringComparison.Ordinal);
        Assert.Contains("data-bucket=\"90\" data-count=\"0\"", filtered, StringComparison.Ordinal);
    }

    // 6-hour slots from D-4d: slot i holds (D-4d+6i h, D-4d+6(i+1) h]. D-1d twice -> slot 11;
    // D-2h, D-1h and D (the queued one) -> 15; D+1h -> 16; D+30h -> 20; D+5d is outside.
    [Fact]
    public async Task SetPage_CountsSubmissionsPerSlotAroundTheDeadline()
    {
        var s = await ScenarioAsync(host);
        var html = await (await host.SignedInClientAsync(s.Ta)).GetStringAsync($"/reports/sets/{s.SetId}");

        var counts = System.Text.RegularExpressions.Regex.Matches(html, "class=\"slot\" data-count=\"(\\d+)\"")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var expected = new int[24];
        (expected[11], expected[15], expected[16], expected[20]) = (2, 3, 1, 1);
        Assert.Equal(expected, counts);
        Assert.Contains("class=\"deadline\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoursePage_PagesFiftyStudentsAtATime()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        await course.SetAsync(1, null, 0, ("p1", 1));
        await host.WithDbAsync(async db =>
        {
            // 120 students straight into the database: only paging is under test here.
            for (var i = 0; i < 120; i++)
            {
                var user = new AppUser { UserName = $"pg{i:000}-{course.CourseId}@test.local", Email = $"pg{i:000}-{course.CourseId}@test.local", DisplayName = $"Pupil {i:000}" };
                db.Users.Add(user);
                db.Enrollments.Add(new Enrollment { CourseId = course.CourseId, User = user, UserId = user.Id, Role = CourseRole.Student, CreatedAt = DateTimeOffset.UtcNow });
            }
            return await db.SaveChangesAsync();
        });
        var ta = await host.SignedInClientAsync(await course.StaffAsync());

        var page3 = await ta.GetStringAsync($"/reports/courses/{course.CourseId}?page=3");

        Assert.Contains("Pupil 100", page3, StringComparison.Ordinal);
        Assert.Contains("Pupil 119", page3, StringComparison.Ordinal);
        Assert.DoesNotContain("Pupil 099", page3, StringComparison.Ordinal);
        Assert.Equal(20, page3.Split("<tr data-student=").Length - 1);
    }

    private static int IndexOf(string html, string name)
    {
        var i = html.IndexOf($"<td>{name} ", StringComparison.Ordinal);
        Assert.True(i >= 0, $"{name} not on the page");
        return i;
    }

    [Fact]
    public async Task Csv_WritesANameThatStartsLikeAFormula_AsText()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("p1", 1));
        var mallory = await course.StudentAsync("=HYPERLINK(\"http://evil.example\";\"x\")");
        var minus = await course.StudentAsync("-2+3");
        await course.SubmissionAsync(p[0], mallory, 1, DateTimeOffset.UtcNow.AddHours(-1), 1);
        var ta = await host.SignedInClientAsync(await course.StaffAsync());

        foreach (var path in new[] { $"/reports/sets/{setId}/report.csv", $"/reports/courses/{course.CourseId}/gradebook.csv" })
        {
            var rows = await CsvRowsAsync(ta, path);
            Assert.Equal($"{mallory.Email},\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"x\"\")\",1,1",
                rows.Single(r => r.StartsWith(mallory.Email, StringComparison.Ordinal)));
            Assert.StartsWith($"{minus.Email},\"'-2+3\",0", rows.Single(r => r.StartsWith(minus.Email, StringComparison.Ordinal)), StringComparison.Ordinal);
        }
    }

    public static async Task<List<string>> CsvRowsAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r')).ToList();
    }
}
