using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Regrade;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GraderHub.Web.Tests.Security;

public enum Persona
{
    Anonymous, Student, AnotherStudent, StudentOfAnotherCourse, TA, TAOfAnotherCourse,
    Instructor, InstructorOfAnotherCourse, Administrator,
}

// What a request may end in, as far as authorization goes. Allowed covers whatever the action
// itself answers (a page, a redirect, a 400 for the empty form the matrix posts).
public enum Outcome { Allowed, SignIn, Forbidden, NotFound, Unauthorized }

// Every endpoint of the route table x every kind of caller, with the expected outcome derived
// from the endpoint's own authorization metadata (so a new endpoint is covered, and one whose
// metadata the table does not understand fails the test) plus a short list of exceptions.
[Collection(WebCollection.Name)]
public sealed partial class AuthorizationMatrixTests(WebHostFixture host, ITestOutputHelper output)
{
    // Endpoints whose own answer is not "allowed": the denied page says 403, the error page
    // the code it is asked for, the token endpoint 401 to the empty credentials posted; the
    // Development-only static-file fallback (files added after the build) has no such file.
    private static readonly Dictionary<string, Func<Persona, object>> Exceptions = new()
    {
        ["GET account/denied"] = _ => 403,
        ["GET error/{code:int?}"] = _ => 404,
        ["POST api/auth/login"] = _ => 401,
        ["GET {**path:file}"] = p => p == Persona.Anonymous ? Outcome.SignIn : Outcome.NotFound,
        // LTI: anonymous by design (the LMS and the browsers it sends call them) but nothing happens
        // without a valid signed token, state or code: the empty request the matrix sends is refused
        // with 400 and the refusal page, whoever asks. The key set and the session probe answer anyone.
        ["GET lti/login"] = _ => 400,
        ["POST lti/launch"] = _ => 400,
        ["GET lti/resume"] = _ => 400,
        ["GET lti/jwks"] = _ => 200,
        ["GET lti/session"] = _ => 200,
    };

    // Route values that name no course resource (Hangfire's sub-path, the static-file fallback's
    // path, the error page's status).
    private static readonly HashSet<string> NonResourceParameters = ["path", "code"];

    [Fact]
    public async Task EveryEndpoint_ForEveryKindOfCaller_AnswersAsItsPolicySays()
    {
        var world = await MatrixWorld.CreateAsync(host);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal).ToList();
        var violations = new List<string>();
        var table = new StringBuilder("method\troute\tpersona\texpected\tactual\n");
        var cells = 0;

        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.OrderBy(m => m == "GET" ? 0 : 1).First() ?? "GET";
            var name = $"{method} {endpoint.RoutePattern.RawText}";
            var rule = Rule(endpoint, method);
            if (rule is null)
            {
                violations.Add($"{name}: no known expectation for its authorization metadata");
                continue;
            }
            var resources = endpoint.RoutePattern.Parameters.Count > 0 ? await world.FreshResourcesAsync() : null;
            var url = Url(endpoint, resources, world);
            if (url is null)
            {
                violations.Add($"{name}: a route parameter the matrix cannot fill");
                continue;
            }
            foreach (var persona in Enum.GetValues<Persona>())
            {
                var expected = rule(world, persona);
                using var response = await world.SendAsync(persona, method, url);
                var actual = Classify(response, url);
                cells++;
                table.Append(CultureInfo.InvariantCulture, $"{method}\t{endpoint.RoutePattern.RawText}\t{persona}\t{expected}\t{(int)response.StatusCode}\n");
                if (!Matches(expected, actual, response))
                    violations.Add($"{name} as {persona}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "authorization-matrix.tsv"), table.ToString());
        output.WriteLine($"{endpoints.Count} endpoints x {Enum.GetValues<Persona>().Length} callers: {cells} cells, {violations.Count} violations");
        // The table covers the course resources it knows of (guards against an empty route table).
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<ForCourseAttribute>() is { Resource: CourseResource.Problem });
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<OwnSubmissionAttribute>() is not null);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    // Expected outcome per caller, from the endpoint's metadata; null when it names something
    // this table does not know (a role, an unknown policy): add it here, deliberately.
    private static Func<MatrixWorld, Persona, object>? Rule(RouteEndpoint endpoint, string method)
    {
        var metadata = endpoint.Metadata;
        var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Any(a => !string.IsNullOrEmpty(a.Roles))) return null;
        if (Exceptions.TryGetValue($"{method} {endpoint.RoutePattern.RawText}", out var exception))
            return (_, p) => exception(p);

        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
            return (_, _) => Outcome.Allowed;

        if (metadata.GetMetadata<OwnSubmissionAttribute>() is not null)
            return (_, p) => p switch
            {
                Persona.Anonymous => Outcome.SignIn,
                Persona.Student => Outcome.Allowed,
                _ => Outcome.NotFound,
            };

        if (metadata.GetMetadata<ForCourseAttribute>() is { } forCourse)
            return (world, p) => p == Persona.Anonymous ? Outcome.SignIn
                : world.RoleInCourse(p) is not { } role ? Outcome.NotFound
                : Membership.Grants(role, forCourse.Level) ? Outcome.Allowed
                : Outcome.Forbidden;

        // A route that names something (an id) but states no course policy would let every
        // signed-in user reach any course's resource: no expectation, so the test fails.
        if (endpoint.RoutePattern.Parameters.Any(p => !NonResourceParameters.Contains(p.Name))) return null;

        var policies = authorize.Select(a => a.Policy).Where(p => !string.IsNullOrEmpty(p)).Distinct().ToList();
        Func<Persona, bool>? allowed = policies switch
        {
            [] => _ => true,
            [Policies.StaffOfAnyCourse] => p => p is Persona.TA or Persona.TAOfAnotherCourse or Persona.Instructor or Persona.InstructorOfAnotherCourse,
            [Policies.InstructorOfAnyCourse] => p => p is Persona.Instructor or Persona.InstructorOfAnotherCourse,
            [Policies.JobDashboard] => p => p is Persona.Instructor or Persona.InstructorOfAnotherCourse or Persona.Administrator,
            [Policies.Administrator] => p => p is Persona.Administrator,
            _ => null,
        };
        if (allowed is null) return null;
        return (_, p) => p == Persona.Anonymous ? Outcome.SignIn : allowed(p) ? Outcome.Allowed : Outcome.Forbidden;
    }

    private static string? Url(RouteEndpoint endpoint, MatrixResources? resources, MatrixWorld world)
    {
        var forCourse = endpoint.Metadata.GetMetadata<ForCourseAttribute>();
        var own = endpoint.Metadata.GetMetadata<OwnSubmissionAttribute>();
        var unknown = false;
        var raw = endpoint.RoutePattern.RawText ?? "";
        var path = ParameterPattern().Replace(raw, m =>
        {
            var name = m.Groups["name"].Value;
            CourseResource? kind = forCourse?.RouteKey == name ? forCourse.Resource
                : own?.RouteKey == name ? CourseResource.Submission : null;
            var value = kind switch
            {
                CourseResource.Course => resources!.CourseId.ToString(CultureInfo.InvariantCulture),
                CourseResource.Set => resources!.SetId.ToString(CultureInfo.InvariantCulture),
                CourseResource.Problem => resources!.ProblemId.ToString(CultureInfo.InvariantCulture),
                CourseResource.Submission => resources!.SubmissionId.ToString(CultureInfo.InvariantCulture),
                CourseResource.RegradeJob => resources!.RegradeJobId,
                null => name switch
                {
                    // Route values that are not the resource: the student whose attempts staff
                    // review, Hangfire's own sub-path (its home), the status of the error page.
                    "userId" => world.StudentId,
                    "path" => endpoint.RoutePattern.RawText!.Contains(":file", StringComparison.Ordinal) ? "no-such-file.txt" : "",
                    "code" => "404",
                    _ => null,
                },
            };
            unknown |= value is null;
            return Uri.EscapeDataString(value ?? "");
        });
        if (unknown) return null;
        path = "/" + path.TrimStart('/');
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static Outcome? Classify(HttpResponseMessage response, string url) => (int)response.StatusCode switch
    {
        401 => url.StartsWith("/api/", StringComparison.Ordinal) ? Outcome.SignIn : Outcome.Unauthorized,
        // The challenge sends pages to sign in with a way back (a plain redirect there is an answer).
        302 when response.Headers.Location?.OriginalString.Contains("/account/login?ReturnUrl=", StringComparison.Ordinal) == true => Outcome.SignIn,
        403 => Outcome.Forbidden,
        404 => Outcome.NotFound,
        < 400 or 400 => Outcome.Allowed,
        _ => null,
    };

    private static bool Matches(object expected, Outcome? actual, HttpResponseMessage response) => expected switch
    {
        Outcome outcome => actual == outcome,
        int status => (int)response.StatusCode == status,
        _ => false,
    };

    [GeneratedRegex(@"\{\**(?<name>\w+)(:[^}?]*)?\??\}")]
    private static partial Regex ParameterPattern();
}

public sealed record MatrixResources(int CourseId, int SetId, int ProblemId, long SubmissionId, string RegradeJobId);

// Two courses, each with its own staff, and one user of every kind the matrix asks about.
// Every endpoint gets fresh resources in course 1, so what one endpoint's cells change (a
// publish, a revealed hint, a regrade) cannot decide another endpoint's cells.
public sealed partial class MatrixWorld
{
    private readonly WebHostFixture _host;
    private readonly CourseBuilder _course;
    private readonly Dictionary<Persona, Session> _sessions;
    private readonly Dictionary<Persona, CourseRole> _rolesInCourse;
    private readonly TestUser _student;

    private MatrixWorld(WebHostFixture host, CourseBuilder course, TestUser student, Dictionary<Persona, Session> sessions,
        Dictionary<Persona, CourseRole> rolesInCourse)
    {
        _host = host;
        _course = course;
        _student = student;
        _sessions = sessions;
        _rolesInCourse = rolesInCourse;
    }

    public string StudentId => _student.Id;

    public CourseRole? RoleInCourse(Persona persona) => _rolesInCourse.TryGetValue(persona, out var role) ? role : null;

    public static async Task<MatrixWorld> CreateAsync(WebHostFixture host)
    {
        var course = await new CourseBuilder(host).WithHint("Use the chain rule.").SaveAsync();
        var other = await new CourseBuilder(host).SaveAsync();
        var student = await course.StudentAsync("Matrix student");
        var users = new Dictionary<Persona, TestUser?>
        {
            [Persona.Anonymous] = null,
            [Persona.Student] = student,
            [Persona.AnotherStudent] = await course.StudentAsync("Another student"),
            [Persona.StudentOfAnotherCourse] = await other.StudentAsync("Student elsewhere"),
            [Persona.TA] = await course.StaffAsync(CourseRole.TA),
            [Persona.TAOfAnotherCourse] = await other.StaffAsync(CourseRole.TA),
            [Persona.Instructor] = await course.StaffAsync(CourseRole.Instructor),
            [Persona.InstructorOfAnotherCourse] = await other.StaffAsync(CourseRole.Instructor),
            [Persona.Administrator] = await host.CreateUserAsync(Roles.Administrator),
        };
        var sessions = new Dictionary<Persona, Session>();
        foreach (var (persona, user) in users)
            sessions[persona] = await Session.StartAsync(host, user);
        var roles = new Dictionary<Persona, CourseRole>
        {
            [Persona.Student] = CourseRole.Student,
            [Persona.AnotherStudent] = CourseRole.Student,
            [Persona.TA] = CourseRole.TA,
            [Persona.Instructor] = CourseRole.Instructor,
        };
        return new MatrixWorld(host, course, student, sessions, roles);
    }

    public async Task<MatrixResources> FreshResourcesAsync()
    {
        var (setId, problems) = await _course.SetAsync(1, null, 0, ("p1", 1));
        var submissionId = await _course.SubmissionAsync(problems[0], _student, 1, DateTimeOffset.UtcNow, 0.5);
        using var scope = _host.Services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Enqueue<RegradeJob>(j => j.RunAsync(Array.Empty<int>(), null, null));
        using (var connection = scope.ServiceProvider.GetRequiredService<JobStorage>().GetConnection())
            connection.SetJobParameter(jobId, RegradeJob.CourseParameter, _course.CourseId.ToString(CultureInfo.InvariantCulture));
        return new MatrixResources(_course.CourseId, setId, problems[0], submissionId, jobId);
    }

    // The caller's cookies and antiforgery token go on every request by hand, so a cell that
    // signs out (POST /account/logout) does not sign the next cell out.
    public Task<HttpResponseMessage> SendAsync(Persona persona, string method, string url)
    {
        var session = _sessions[persona];
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (session.Cookies.Length > 0) request.Headers.Add("Cookie", session.Cookies);
        request.Headers.Add("RequestVerificationToken", session.Token);
        if (method != "GET" && method != "HEAD")
            request.Content = url.StartsWith("/api/", StringComparison.Ordinal)
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = session.Token });
        return session.Client.SendAsync(request);
    }

    public sealed partial record Session(HttpClient Client, string Cookies, string Token)
    {
        public static async Task<Session> StartAsync(WebHostFixture host, TestUser? user)
        {
            var client = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            var jar = new Dictionary<string, string>();
            var token = await TokenAsync(client, jar, "/account/login");
            if (user is null) return new Session(client, Header(jar), token);
            using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Email"] = user.Email, ["Password"] = WebHostFixture.Password, ["__RequestVerificationToken"] = token,
                }),
            };
            login.Headers.Add("Cookie", Header(jar));
            using var signedIn = await client.SendAsync(login);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Collect(jar, signedIn);
            // The token is bound to the signed-in user: read it from a page they see (the sign-out form).
            return new Session(client, Header(jar), await TokenAsync(client, jar, "/"));
        }

        private static async Task<string> TokenAsync(HttpClient client, Dictionary<string, string> jar, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (jar.Count > 0) request.Headers.Add("Cookie", Header(jar));
            using var response = await client.SendAsync(request);
            Collect(jar, response);
            var match = TokenPattern().Match(await response.Content.ReadAsStringAsync());
            Assert.True(match.Success, $"no antiforgery token on {path}");
            return match.Groups[1].Value;
        }

        private static void Collect(Dictionary<string, string> jar, HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues("Set-Cookie", out var cookies)) return;
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';', 2)[0].Split('=', 2);
                if (pair[1].Length == 0) jar.Remove(pair[0]);
                else jar[pair[0]] = pair[1];
            }
        }

        private static string Header(Dictionary<string, string> jar) => string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}"));

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
