using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Exam;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Exam;

// An exam's entry: the access code staff set on the set editor (stored hashed, never shown),
// typed by the student at the start (wrong: refused, counted, throttled), and the networks the
// exam is taken from (outside: 403 with the reason, on the page and the API, at the start and
// for every answer). The client's address is the connection's (TestClientAddress names it).
[Collection(WebCollection.Name)]
public sealed class ExamEntryTests(WebHostFixture host)
{
    private const string Right = "2x cos(x^2)";

    [Fact]
    public async Task SetEditor_StoresTheAccessCodeHashed_NeverShowsIt_AndRefusesABadNetwork()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, _) = await course.SetAsync(3, null, 0, ("x1", 1));
        var instructor = await course.StaffAsync(CourseRole.Instructor);
        var staff = await host.SignedInClientAsync(instructor);
        var page = $"/authoring/sets/{setId}";

        var bad = await WebHostFixture.PostFormAsync(staff, page, page, new()
        {
            ["IsExam"] = "true", ["AccessCode"] = "tulip-42", ["AllowedNetworks"] = "10.0.0.0/8\n192.168.1.300/24",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("192.168.1.300/24", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await host.WithDbAsync(db => db.ProblemSets.Where(s => s.Id == setId).Select(s => s.AccessCodeHash).SingleAsync()));

        var notExam = await WebHostFixture.PostFormAsync(staff, page, page, new() { ["AccessCode"] = "tulip-42" });
        Assert.Equal(HttpStatusCode.BadRequest, notExam.StatusCode);
        Assert.Contains("is for an exam", await notExam.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await WebHostFixture.PostFormAsync(staff, page, page, new()
        {
            ["IsExam"] = "true", ["AccessCode"] = " tulip-42 ", ["AllowedNetworks"] = "10.0.0.0/8, 2001:db8::/32\n203.0.113.7",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var set = await host.WithDbAsync(db => db.ProblemSets.AsNoTracking().SingleAsync(s => s.Id == setId));
        Assert.NotNull(set.AccessCodeHash);
        Assert.DoesNotContain("tulip", set.AccessCodeHash, StringComparison.Ordinal);
        Assert.True(AccessCode.Matches(set.AccessCodeHash, "tulip-42"));
        Assert.Equal("10.0.0.0/8\n2001:db8::/32\n203.0.113.7/32", set.AllowedNetworks);
        var shown = await staff.GetStringAsync(page);
        Assert.DoesNotContain("tulip", shown, StringComparison.Ordinal);
        Assert.Contains("A code is set", shown, StringComparison.Ordinal);

        // Saving again without typing a code keeps it; the remove box clears it.
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, page, page, new() { ["Title"] = "Midterm" })).StatusCode);
        Assert.Equal(set.AccessCodeHash, await host.WithDbAsync(db => db.ProblemSets.Where(s => s.Id == setId).Select(s => s.AccessCodeHash).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, page, page, new() { ["RemoveAccessCode"] = "true" })).StatusCode);
        Assert.Null(await host.WithDbAsync(db => db.ProblemSets.Where(s => s.Id == setId).Select(s => s.AccessCodeHash).SingleAsync()));
    }

    [Fact]
    public async Task Start_NeedsTheRightCode_WrongOnesAreCountedAndThrottled_PageAndApi()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(4, null, 0, ("c1", 1));
        await course.UpdateSetAsync(setId, s => { s.IsExam = true; s.AccessCodeHash = AccessCode.Hash("open-sesame"); });
        var student = await course.StudentAsync("Cody Code");
        var other = await course.StudentAsync("Api Code");
        var client = await host.SignedInClientAsync(student);
        var setPage = $"/sets/{setId}";

        // Before the start nothing of the exam shows, not even by its address.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/problems/{problems[0]}")).StatusCode);
        var none = await WebHostFixture.PostFormAsync(client, setPage, $"{setPage}/start", []);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("needs its access code", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrong = await WebHostFixture.PostFormAsync(client, setPage, $"{setPage}/start", new() { ["accessCode"] = "open-sesam" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("is not this exam", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await WebHostFixture.PostFormAsync(client, setPage, $"{setPage}/start", new() { ["accessCode"] = "open-sesame" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/problems/{problems[0]}")).StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.ExamEvents.CountAsync(e => e.ProblemSetId == setId && e.UserId == student.Id && e.Kind == ExamEventKind.WrongAccessCode)));

        // The API: the code in the body; past the free wrong codes, 429 with Retry-After, even for the right one.
        var api = await host.BearerClientAsync(other);
        for (var i = 0; i < Features.Schedule.StartTimedSet.FreeWrongCodes; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync($"/api/problemsets/{setId}/start", new { accessCode = "guess" + i })).StatusCode);
        var throttled = await api.PostAsJsonAsync($"/api/problemsets/{setId}/start", new { accessCode = "open-sesame" });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        using (host.Clock.Freeze(host.Clock.GetUtcNow().AddSeconds(5)))
        {
            var started = await api.PostAsJsonAsync($"/api/problemsets/{setId}/start", new { accessCode = "open-sesame" });
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            Assert.NotNull((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedAt").GetString());
        }
    }

    [Fact]
    public async Task Networks_RefuseTheStartAndEveryAnswerFromOutside_Ipv4AndIpv6_With403AndTheReason()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(5, null, 0, ("n1", 1));
        await course.UpdateSetAsync(setId, s => { s.IsExam = true; s.TimeLimitMinutes = 30; s.AllowedNetworks = "10.20.0.0/16\n2001:db8:77::/48"; });
        var student = await course.StudentAsync("Nina Network");
        var v6 = await course.StudentAsync("Vic Six");
        var inside = At(await host.SignedInClientAsync(student), "10.20.3.4");
        var outside = At(await host.SignedInClientAsync(student), "203.0.113.9");
        var setPage = $"/sets/{setId}";

        var page = await outside.GetStringAsync(setPage);
        Assert.Contains("your address (203.0.113.9) is outside it", page, StringComparison.Ordinal);
        Assert.DoesNotContain("start-form", page, StringComparison.Ordinal);
        var refused = await WebHostFixture.ForgedPostAsync(outside, $"{setPage}/start", []);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(inside, setPage, $"{setPage}/start", [])).StatusCode);

        // Started inside; an answer from outside is refused (page and API), nothing stored.
        Assert.Contains("is outside it", await outside.GetStringAsync($"/problems/{problems[0]}"), StringComparison.Ordinal);
        // (The page's button is disabled there; the form posted anyway, as a script could.)
        var fromOutside = await WebHostFixture.PostFormAsync(outside, $"/problems/{problems[0]}", $"/problems/{problems[0]}", new() { ["answer"] = Right });
        Assert.Equal(HttpStatusCode.Forbidden, fromOutside.StatusCode);
        var api = At(await host.BearerClientAsync(student), "198.51.100.1");
        var apiRefused = await api.PostAsJsonAsync($"/api/problems/{problems[0]}/submissions", new { answer = Right });
        Assert.True(HttpStatusCode.Forbidden == apiRefused.StatusCode, $"{apiRefused.StatusCode}: {await apiRefused.Content.ReadAsStringAsync()}");
        Assert.Contains("outside it", (await apiRefused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.ProblemId == problems[0])));
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(inside, $"/problems/{problems[0]}", $"/problems/{problems[0]}", new() { ["answer"] = Right })).StatusCode);

        // IPv6 inside the /48 and an IPv4-mapped address of the IPv4 range are inside; the next /48 is not.
        var six = await host.BearerClientAsync(v6);
        Assert.Equal(HttpStatusCode.Forbidden, (await At(six, "2001:db8:78::1").PostAsync($"/api/problemsets/{setId}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await At(six, "2001:db8:77:ffff::1").PostAsync($"/api/problemsets/{setId}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await At(six, "::ffff:10.20.255.255").PostAsJsonAsync($"/api/problems/{problems[0]}/submissions", new { answer = Right })).StatusCode);
        Assert.Equal(2, await host.WithDbAsync(db => db.ExamEvents.CountAsync(e => e.ProblemSetId == setId && e.Kind == ExamEventKind.OutsideNetwork)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.0.2.128/25", "192.0.2.127", false)]
    [InlineData("192.0.2.128/25", "192.0.2.128", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("", "198.51.100.1", true)]
    public void Networks_Allows_AtTheEdgesOfARange(string ranges, string address, bool allowed) =>
        Assert.Equal(allowed, Networks.Allows(Networks.Parse(ranges), IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.1/8", "no bits set after the prefix")]
    [InlineData("10.0.0.0/33", "not a network range")]
    [InlineData("example.org", "not an IP address")]
    [InlineData("2001:db8::/129", "not a network range")]
    public void Networks_Read_RefusesWhatIsNotARange_WithAClearError(string text, string expected)
    {
        Assert.Null(Networks.Read(text, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Networks_Read_RefusesMoreThanTheCap() =>
        Assert.Null(Networks.Read(string.Join(',', Enumerable.Range(0, Networks.MaxRanges + 1).Select(i => $"10.0.{i}.0/24")), out _));

    private static HttpClient At(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }
}
