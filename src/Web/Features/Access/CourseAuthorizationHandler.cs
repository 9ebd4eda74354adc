using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Web.Features.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Access;

// The one place that decides course access. Outcomes, the same on every page and API action:
// a stranger to the course (or a missing resource) fails with NotInCourse (404); a member
// without the level fails plainly (403); anonymous callers are challenged by the policy's
// RequireAuthenticatedUser (sign-in page or 401). A student asking for a pool member they did
// not draw is a stranger to it (404), on every road that names the problem. The global
// Administrator role is not a course role: an administrator is a stranger to a course unless
// enrolled in it.
public sealed class CourseAuthorizationHandler(GraderHubDbContext db, CourseResourceResolver resolver) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var pending = context.PendingRequirements.ToList();
        if (!pending.Any(r => r is CourseRequirement or OwnSubmissionRequirement or AnyCourseRequirement)) return;
        // The resource's course and the caller's role in it on one connection (HeldConnection).
        await using var held = await db.HoldConnectionAsync(Cancel(context));
        foreach (var requirement in pending)
        {
            switch (requirement)
            {
                case CourseRequirement course:
                    await HandleCourseAsync(context, course, userId);
                    break;
                case OwnSubmissionRequirement own:
                    await HandleOwnSubmissionAsync(context, own, userId);
                    break;
                case AnyCourseRequirement any:
                    if ((any.OrAdministrator && Policies.IsAdministrator(context.User))
                        || (userId is not null && await db.EnrolmentsOf(userId, any.Level).AnyAsync()))
                        context.Succeed(any);
                    break;
            }
        }
    }

    private async Task HandleCourseAsync(AuthorizationHandlerContext context, CourseRequirement requirement, string? userId)
    {
        if (userId is null) return;
        var target = await TargetAsync(context.Resource, m => m is ForCourseAttribute f ? (f.Resource, f.RouteKey) : null);
        if (target is null || await db.RoleInAsync(userId, target.CourseId, Cancel(context)) is not { } role)
        {
            context.Fail(new NotInCourse(this, "not a member of the resource's course"));
            return;
        }
        // A pool member the student did not draw does not exist for them; staff see every member.
        if (target.ProblemId is { } problemId && !Membership.Grants(role, CourseLevel.Staff)
            && !await db.ShowsAsync(userId, problemId, Cancel(context)))
        {
            context.Fail(new NotInCourse(this, "not the member of the pool the student drew"));
            return;
        }
        if (Membership.Grants(role, requirement.Level)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, $"needs {requirement.Level} in the course"));
    }

    private async Task HandleOwnSubmissionAsync(AuthorizationHandlerContext context, OwnSubmissionRequirement requirement, string? userId)
    {
        if (userId is null) return;
        var target = await TargetAsync(context.Resource, m => m is OwnSubmissionAttribute o ? (CourseResource.Submission, o.RouteKey) : null);
        if (target is not null && target.OwnerId == userId && await db.RoleInAsync(userId, target.CourseId, Cancel(context)) is not null)
            context.Succeed(requirement);
        else
            context.Fail(new NotInCourse(this, "not the caller's submission"));
    }

    // The resource is either given (IAuthorizationService with a CourseTarget) or named by the
    // endpoint's metadata and a route value (endpoint authorization passes the HttpContext).
    private async Task<CourseTarget?> TargetAsync(object? resource, Func<object, (CourseResource, string)?> describe)
    {
        switch (resource)
        {
            case CourseTarget target:
                return target;
            case HttpContext http:
                var metadata = http.GetEndpoint()?.Metadata ?? new EndpointMetadataCollection();
                // The most specific description wins (an action's over its controller's).
                var description = metadata.Reverse().Select(describe).FirstOrDefault(d => d is not null);
                if (description is not { } d) return null;
                var value = Convert.ToString(http.Request.RouteValues[d.Item2], System.Globalization.CultureInfo.InvariantCulture);
                return await resolver.ResolveAsync(d.Item1, value, http.RequestAborted);
            default:
                return null;
        }
    }

    private static CancellationToken Cancel(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http ? http.RequestAborted : CancellationToken.None;
}
