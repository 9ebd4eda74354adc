using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record LaunchLanding(AppUser User, int CourseId, CourseRole Role, string Destination, string Title);

// What a validated launch does in GraderHub: the user matched or created by (issuer, sub), the
// course by the context id (a new context is linked to the platform's course), the LMS role as
// the enrolment in that course only, the resource link bound to the set or problem it opens, and
// the LMS's line item for that set remembered for the scores.
public sealed class LaunchHandler(GraderHubDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public static readonly TimeSpan DeepLinkLifetime = TimeSpan.FromMinutes(30);

    public async Task<LaunchLanding> ApplyAsync(LtiPlatform platform, LaunchMessage m, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var role = LtiRoles.ToCourseRole(m.Roles)!.Value;
        var user = await UserAsync(platform, m.Subject, m.Name, m.Email, now, launched: true, ct);

        var context = await ContextAsync(platform, m.DeploymentId, m.ContextId, m.ContextTitle, now, ct);
        if (m.Ags is { } ags)
        {
            context.LineItemsUrl = ags.LineItems ?? context.LineItemsUrl;
            context.AgsScopes = string.Join(' ', ags.Scopes);
        }
        if (m.MembershipsUrl is not null) context.MembershipsUrl = m.MembershipsUrl;
        await EnrolAsync(context.CourseId, user.Id, role, now, ct);
        await db.SaveChangesAsync(ct);

        if (m.MessageType == LtiSpec.DeepLinkingRequest)
        {
            var ticket = new LtiTicket
            {
                Purpose = LtiTicketPurpose.DeepLink, Value = LaunchFlow.Token(), PlatformId = platform.Id, UserId = user.Id,
                Payload = JsonSerializer.Serialize(new DeepLinkRequest(context.CourseId, m.DeploymentId, m.DeepLinking!.ReturnUrl,
                    m.DeepLinking.Data, m.DeepLinking.AcceptLineItem)),
                CreatedAt = now, ExpiresAt = now + DeepLinkLifetime,
            };
            db.LtiTickets.Add(ticket);
            await db.SaveChangesAsync(ct);
            return new LaunchLanding(user, context.CourseId, role,
                $"/lti/courses/{context.CourseId}/deep-link?ticket={ticket.Value}", "Choose what to link");
        }

        var link = await db.LtiResourceLinks.SingleOrDefaultAsync(r => r.ContextLinkId == context.Id && r.ResourceLinkId == m.ResourceLinkId, ct);
        if (link is null)
        {
            link = new LtiResourceLink { ContextLinkId = context.Id, ResourceLinkId = m.ResourceLinkId!, CreatedAt = now };
            db.LtiResourceLinks.Add(link);
        }
        // The set or problem the deep link chose (custom parameters), if it belongs to this course.
        if (Int(m.Custom.GetValueOrDefault("problem_id")) is { } problemId
            && await db.Problems.AnyAsync(p => p.Id == problemId && p.ProblemSet.CourseId == context.CourseId, ct))
        {
            link.ProblemId = problemId;
            link.ProblemSetId = await db.Problems.Where(p => p.Id == problemId).Select(p => p.ProblemSetId).SingleAsync(ct);
        }
        else if (Int(m.Custom.GetValueOrDefault("set_id")) is { } setId
            && await db.ProblemSets.AnyAsync(s => s.Id == setId && s.CourseId == context.CourseId, ct))
            link.ProblemSetId = setId;
        await db.SaveChangesAsync(ct);

        if (link.ProblemSetId is { } set && m.Ags?.LineItem is { } lineItemUrl)
        {
            var item = await db.LtiLineItems.SingleOrDefaultAsync(l => l.ContextLinkId == context.Id && l.ProblemSetId == set, ct);
            if (item is null)
                db.LtiLineItems.Add(new LtiLineItem { ContextLinkId = context.Id, ProblemSetId = set, Url = lineItemUrl });
            else
                item.Url = lineItemUrl;
            await db.SaveChangesAsync(ct);
        }

        var (destination, title) = link switch
        {
            { ProblemId: { } p } => ($"/problems/{p}", "Open the problem"),
            { ProblemSetId: { } s } => ($"/sets/{s}", "Open the problem set"),
            _ => ("/", "Open GraderHub"),
        };
        return new LaunchLanding(user, context.CourseId, role, destination, title);
    }

    // The account of an LMS user; made on their first launch (or roster import). No password: they
    // come in through the LMS. The LMS's e-mail is kept when no other account has it.
    public async Task<AppUser> UserAsync(LtiPlatform platform, string subject, string? name, string? email, DateTimeOffset now,
        bool launched, CancellationToken ct)
    {
        var link = await db.LtiUserLinks.Include(l => l.User).SingleOrDefaultAsync(l => l.PlatformId == platform.Id && l.Subject == subject, ct);
        if (link is not null)
        {
            if (launched) link.LastLaunchAt = now;
            if (!string.IsNullOrWhiteSpace(name)) link.User.DisplayName = Trim(name, 200);
            await db.SaveChangesAsync(ct);
            return link.User;
        }
        var synthetic = $"lti-{platform.Id}-{LaunchFlow.Hash(subject)[..24]}@lti.invalid";
        var address = email is { Length: > 3 and <= 256 } && email.Contains('@', StringComparison.Ordinal)
            && await users.FindByEmailAsync(email) is null ? email : synthetic;
        var user = new AppUser
        {
            UserName = address, Email = address, EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(name) ? "LMS user " + subject[..Math.Min(8, subject.Length)] : Trim(name, 200),
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
            throw new InvalidOperationException("LTI user not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        db.LtiUserLinks.Add(new LtiUserLink
        {
            PlatformId = platform.Id, Subject = subject, UserId = user.Id, CreatedAt = now, LastLaunchAt = launched ? now : null,
        });
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task<LtiContextLink> ContextAsync(LtiPlatform platform, string deploymentId, string contextId, string title,
        DateTimeOffset now, CancellationToken ct)
    {
        var context = await db.LtiContextLinks.SingleOrDefaultAsync(c => c.PlatformId == platform.Id && c.ContextId == contextId, ct);
        if (context is null)
        {
            context = new LtiContextLink
            {
                PlatformId = platform.Id, DeploymentId = deploymentId, ContextId = contextId, CourseId = platform.CourseId, CreatedAt = now,
            };
            db.LtiContextLinks.Add(context);
        }
        context.Title = Trim(title, 200);
        return context;
    }

    // The LMS is the authority on roles in a linked course: the enrolment takes the LMS's role.
    public async Task EnrolAsync(int courseId, string userId, CourseRole role, DateTimeOffset now, CancellationToken ct)
    {
        var enrolment = await db.Enrollments.SingleOrDefaultAsync(e => e.CourseId == courseId && e.UserId == userId, ct);
        if (enrolment is null)
            db.Enrollments.Add(new Enrollment { CourseId = courseId, UserId = userId, Role = role, CreatedAt = now });
        else
            enrolment.Role = role;
    }

    private static string Trim(string value, int max) => value.Trim() is var t && t.Length > max ? t[..max] : t.Trim();

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

public sealed record DeepLinkRequest(int CourseId, string DeploymentId, string ReturnUrl, string? Data, bool AcceptLineItem);
