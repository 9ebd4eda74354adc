using Hangfire;
using Hangfire.Dashboard;

namespace GraderHub.Web.Features.Access;

// /hangfire: who may enter is endpoint authorization (Policies.JobDashboard: an instructor of a
// course or an administrator); what they may do is decided here. Instructors watch (read-only:
// no retry, delete or trigger buttons, and the dashboard refuses its commands); administrators
// operate it, except that the recurring jobs the site depends on cannot be removed by anyone.
public static class JobDashboard
{
    public const string Path = "/hangfire";

    public static IEndpointConventionBuilder MapJobDashboard(this IEndpointRouteBuilder endpoints, IReadOnlyCollection<string> protectedRecurringJobs) =>
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            DisplayStorageConnectionString = false,
            AppPath = "/instructor",
            // Entry is the endpoint policy's business; an empty list keeps Hangfire's default
            // "local requests only" filter out.
            Authorization = [],
            AsyncAuthorization = [new ProtectRecurringJobs(protectedRecurringJobs)],
            IsReadOnlyFunc = context => !Policies.IsAdministrator(context.GetHttpContext().User),
        }).RequireAuthorization(Policies.JobDashboard);

    // The dashboard removes recurring jobs with POST recurring/remove (form field jobs[]).
    private sealed class ProtectRecurringJobs(IReadOnlyCollection<string> protectedIds) : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            if (!HttpMethods.IsPost(context.Request.Method)
                || !context.Request.Path.StartsWith("/recurring/remove", StringComparison.OrdinalIgnoreCase))
                return true;
            var ids = await context.Request.GetFormValuesAsync("jobs[]");
            return !ids.Any(protectedIds.Contains);
        }
    }
}
