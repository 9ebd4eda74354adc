using GraderHub.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GraderHub.Data;

// The model, and the SQLite context (its migrations are in Migrations/). PostgreSQL uses the
// subclass PostgreSqlGraderHubDbContext with the same model and its own migrations (EF's
// "migrations with multiple providers": one context type per provider).
public class GraderHubDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public GraderHubDbContext(DbContextOptions<GraderHubDbContext> options) : base(options) { }

    protected GraderHubDbContext(DbContextOptions options) : base(options) { }

    // Open connection holds and the calendar stamp read under them (HeldConnection).
    internal int Holds { get; set; }
    internal long? HeldCalendarStamp { get; set; }

    // A write may bump the stamp (the calendar tables' triggers): the hold's next cached read
    // asks for it again, so a handler sees its own change.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        HeldCalendarStamp = null;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        HeldCalendarStamp = null;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<ProblemSet> ProblemSets => Set<ProblemSet>();
    public DbSet<Problem> Problems => Set<Problem>();
    public DbSet<ProblemVersion> ProblemVersions => Set<ProblemVersion>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<GradeOverride> GradeOverrides => Set<GradeOverride>();
    public DbSet<ProblemScore> ProblemScores => Set<ProblemScore>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();
    public DbSet<HintReveal> HintReveals => Set<HintReveal>();
    public DbSet<StudentGroup> StudentGroups => Set<StudentGroup>();
    public DbSet<StudentGroupMember> StudentGroupMembers => Set<StudentGroupMember>();
    public DbSet<ScheduleOverride> ScheduleOverrides => Set<ScheduleOverride>();
    public DbSet<TimedStart> TimedStarts => Set<TimedStart>();
    public DbSet<ResultRelease> ResultReleases => Set<ResultRelease>();
    public DbSet<CalendarStamp> CalendarStamps => Set<CalendarStamp>();
    public DbSet<ExamEvent> ExamEvents => Set<ExamEvent>();
    public DbSet<LtiPlatform> LtiPlatforms => Set<LtiPlatform>();
    public DbSet<LtiDeployment> LtiDeployments => Set<LtiDeployment>();
    public DbSet<LtiToolKey> LtiToolKeys => Set<LtiToolKey>();
    public DbSet<LtiTicket> LtiTickets => Set<LtiTicket>();
    public DbSet<LtiUserLink> LtiUserLinks => Set<LtiUserLink>();
    public DbSet<LtiContextLink> LtiContextLinks => Set<LtiContextLink>();
    public DbSet<LtiResourceLink> LtiResourceLinks => Set<LtiResourceLink>();
    public DbSet<LtiLineItem> LtiLineItems => Set<LtiLineItem>();
    public DbSet<LtiScore> LtiScores => Set<LtiScore>();
    public DbSet<ProblemReport> ProblemReports => Set<ProblemReport>();
    // ASP.NET Core data-protection keys (cookies, antiforgery and bearer tokens): in the shared
    // database, so a token one node issued is valid on every node.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type and EF cannot compare or sort DateTimeOffset stored as text;
        // as a 64-bit number (all values are UTC) deadlines and "latest attempt" work in SQL.
        // PostgreSQL has a real timestamp type and keeps it.
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        // Enums as readable snake_case text (CONTRACT.md: verdicts are snake_case strings).
        configurationBuilder.Properties<SubmissionStatus>().HaveConversion<SnakeCaseEnumConverter<SubmissionStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<Verdict>().HaveConversion<SnakeCaseEnumConverter<Verdict>>().HaveMaxLength(32);
        configurationBuilder.Properties<CourseRole>().HaveConversion<SnakeCaseEnumConverter<CourseRole>>().HaveMaxLength(32);
        configurationBuilder.Properties<LtiTicketPurpose>().HaveConversion<SnakeCaseEnumConverter<LtiTicketPurpose>>().HaveMaxLength(32);
        configurationBuilder.Properties<LtiScoreStatus>().HaveConversion<SnakeCaseEnumConverter<LtiScoreStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<ExamEventKind>().HaveConversion<SnakeCaseEnumConverter<ExamEventKind>>().HaveMaxLength(32);
        configurationBuilder.Properties<SolutionRelease>().HaveConversion<SnakeCaseEnumConverter<SolutionRelease>>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>().Property(u => u.DisplayName).HasMaxLength(200);

        builder.Entity<Course>(e =>
        {
            e.Property(c => c.Code).HasMaxLength(64);
            e.Property(c => c.Title).HasMaxLength(200);
            e.HasIndex(c => c.Code).IsUnique();
        });

        builder.Entity<Enrollment>(e =>
        {
            e.HasIndex(x => new { x.CourseId, x.UserId }).IsUnique();
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId);
        });

        builder.Entity<ProblemSet>(e =>
        {
            e.Property(s => s.Key).HasMaxLength(100);
            e.Property(s => s.Title).HasMaxLength(200);
            e.HasIndex(s => new { s.CourseId, s.Key }).IsUnique();
            e.Property(s => s.AccessCodeHash).HasMaxLength(200);
            e.Property(s => s.AllowedNetworks).HasMaxLength(4000);
        });

        builder.Entity<Problem>(e =>
        {
            e.Property(p => p.Key).HasMaxLength(100);
            e.Property(p => p.Title).HasMaxLength(200);
            e.Property(p => p.Kind).HasMaxLength(50);
            e.Property(p => p.PoolKey).HasMaxLength(100);
            e.Property(p => p.PoolTitle).HasMaxLength(200);
            e.HasIndex(p => new { p.ProblemSetId, p.Key }).IsUnique();
        });

        builder.Entity<ProblemVersion>(e =>
        {
            e.HasIndex(v => new { v.ProblemId, v.Version }).IsUnique();
        });

        builder.Entity<HintReveal>(e =>
        {
            // One reveal per student and problem: asking twice costs nothing more.
            e.HasIndex(h => new { h.UserId, h.ProblemId }).IsUnique();
            e.HasOne(h => h.User).WithMany().HasForeignKey(h => h.UserId);
        });

        builder.Entity<ProblemReport>(e =>
        {
            e.Property(r => r.Message).HasMaxLength(Limits.ReportMaxLength);
            e.HasIndex(r => new { r.ProblemId, r.ResolvedAt });
            e.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId);
        });

        builder.Entity<Submission>(e =>
        {
            e.Property(s => s.AnswerText).HasMaxLength(Limits.AnswerMaxLength);
            e.HasIndex(s => new { s.UserId, s.ProblemId, s.AttemptNumber }).IsUnique();
            e.Property(s => s.IdempotencyKey).HasMaxLength(Limits.IdempotencyKeyMaxLength);
            e.HasIndex(s => new { s.UserId, s.IdempotencyKey }).IsUnique();
            // A refresh of the gradebook rows prices a set's submissions problem by problem, student
            // by student, from this index alone (ScorePolicy.BestPerStudentAndProblem); the statistics
            // page counts attempts and first right answers per (problem, student) from it too
            // (Verdict, AttemptNumber: without them SQLite read 100,000 table rows per set).
            e.HasIndex(s => new { s.ProblemId, s.UserId, s.Status, s.Score, s.SubmittedAt, s.Verdict, s.AttemptNumber }, "IX_Submissions_Pricing");
            // The statistics page's wrong answers of one problem: without it SQLite reads every
            // graded submission through IX_Submissions_Status (600,000 rows for 6,700 wanted).
            e.HasIndex(s => new { s.ProblemId, s.Verdict, s.Status }, "IX_Submissions_WrongAnswers");
            // The recovery sweep looks for queued and grading submissions.
            e.HasIndex(s => s.Status);
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId);
        });

        builder.Entity<ProblemScore>(e =>
        {
            e.HasKey(x => new { x.UserId, x.ProblemId });
            // Gradebooks read a scope's problems' rows problem by problem.
            e.HasIndex(x => new { x.ProblemId, x.UserId, x.Score }, "IX_ProblemScores_Problem");
            e.Property(x => x.OverrideReason).HasMaxLength(2000);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId);
            e.HasOne<Problem>().WithMany().HasForeignKey(x => x.ProblemId);
        });

        builder.Entity<GradeOverride>(e =>
        {
            e.Property(o => o.Reason).HasMaxLength(2000);
            e.HasIndex(o => o.SubmissionId);
        });

        builder.Entity<StudentGroup>(e =>
        {
            e.Property(g => g.Name).HasMaxLength(200);
            e.HasIndex(g => new { g.CourseId, g.Name }).IsUnique();
        });

        builder.Entity<StudentGroupMember>(e =>
        {
            e.HasIndex(m => new { m.StudentGroupId, m.UserId }).IsUnique();
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        });

        builder.Entity<ScheduleOverride>(e =>
        {
            e.Property(o => o.Reason).HasMaxLength(2000);
            // One override per (set, student) and per (set, group): a new one replaces it (the
            // audit log keeps the history).
            e.HasIndex(o => new { o.ProblemSetId, o.UserId }).IsUnique();
            e.HasIndex(o => new { o.ProblemSetId, o.StudentGroupId }).IsUnique();
        });

        builder.Entity<TimedStart>(e => e.HasIndex(t => new { t.ProblemSetId, t.UserId }).IsUnique());
        builder.Entity<ResultRelease>(e => e.HasIndex(r => new { r.ProblemSetId, r.UserId }).IsUnique());
        // The one row is written by the migration and bumped by triggers only (CalendarStamps).
        builder.Entity<CalendarStamp>(e => e.Property(c => c.Id).ValueGeneratedNever());
        builder.Entity<ExamEvent>(e =>
        {
            e.HasIndex(x => new { x.ProblemSetId, x.UserId, x.At });
            e.Property(x => x.Address).HasMaxLength(64);
        });

        builder.Entity<AuditLogEntry>(e =>
        {
            e.ToTable("AuditLog");
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.HasIndex(a => a.At);
        });

        ConfigureLti(builder);

        // Tables with a trigger: EF then writes them without RETURNING, which SQLite does not
        // combine with AFTER triggers (CalendarStamps).
        foreach (var type in builder.Model.GetEntityTypes().Where(t => Data.CalendarStamps.Tables.Contains(t.GetTableName())).ToList())
            builder.Entity(type.ClrType).ToTable(t => t.HasTrigger("calendar_stamp"));
    }

    // LTI 1.3 (Web/Features/Lti): URLs and ids as the LMS sends them, bounded.
    private static void ConfigureLti(ModelBuilder builder)
    {
        builder.Entity<LtiPlatform>(e =>
        {
            e.Property(p => p.Issuer).HasMaxLength(Limits.LtiUrlMaxLength);
            e.Property(p => p.ClientId).HasMaxLength(Limits.LtiIdMaxLength);
            e.Property(p => p.AuthUrl).HasMaxLength(Limits.LtiUrlMaxLength);
            e.Property(p => p.TokenUrl).HasMaxLength(Limits.LtiUrlMaxLength);
            e.Property(p => p.JwksUrl).HasMaxLength(Limits.LtiUrlMaxLength);
            e.HasIndex(p => new { p.Issuer, p.ClientId }).IsUnique();
        });
        builder.Entity<LtiDeployment>(e =>
        {
            e.Property(d => d.DeploymentId).HasMaxLength(Limits.LtiIdMaxLength);
            e.HasIndex(d => new { d.PlatformId, d.DeploymentId }).IsUnique();
        });
        builder.Entity<LtiToolKey>(e =>
        {
            e.Property(k => k.Kid).HasMaxLength(64);
            e.HasIndex(k => k.Kid).IsUnique();
        });
        builder.Entity<LtiTicket>(e =>
        {
            e.Property(t => t.Value).HasMaxLength(128);
            e.Property(t => t.Nonce).HasMaxLength(128);
            e.Property(t => t.BrowserHash).HasMaxLength(128);
            e.HasIndex(t => t.Value).IsUnique();
            e.HasIndex(t => t.ExpiresAt);
        });
        builder.Entity<LtiUserLink>(e =>
        {
            e.Property(u => u.Subject).HasMaxLength(Limits.LtiIdMaxLength);
            e.HasIndex(u => new { u.PlatformId, u.Subject }).IsUnique();
            e.HasIndex(u => u.UserId);
            e.HasOne(u => u.User).WithMany().HasForeignKey(u => u.UserId);
        });
        builder.Entity<LtiContextLink>(e =>
        {
            e.Property(c => c.DeploymentId).HasMaxLength(Limits.LtiIdMaxLength);
            e.Property(c => c.ContextId).HasMaxLength(Limits.LtiIdMaxLength);
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.LineItemsUrl).HasMaxLength(Limits.LtiUrlMaxLength);
            e.Property(c => c.AgsScopes).HasMaxLength(1000);
            e.Property(c => c.MembershipsUrl).HasMaxLength(Limits.LtiUrlMaxLength);
            e.HasIndex(c => new { c.PlatformId, c.ContextId }).IsUnique();
            e.HasIndex(c => c.CourseId);
        });
        builder.Entity<LtiResourceLink>(e =>
        {
            e.Property(r => r.ResourceLinkId).HasMaxLength(Limits.LtiIdMaxLength);
            e.HasIndex(r => new { r.ContextLinkId, r.ResourceLinkId }).IsUnique();
        });
        builder.Entity<LtiLineItem>(e =>
        {
            e.Property(l => l.Url).HasMaxLength(Limits.LtiUrlMaxLength);
            e.Property(l => l.Label).HasMaxLength(200);
            e.HasIndex(l => new { l.ContextLinkId, l.ProblemSetId }).IsUnique();
        });
        builder.Entity<LtiScore>(e =>
        {
            e.Property(s => s.Subject).HasMaxLength(Limits.LtiIdMaxLength);
            e.Property(s => s.ActivityProgress).HasMaxLength(32);
            e.Property(s => s.GradingProgress).HasMaxLength(32);
            e.Property(s => s.Comment).HasMaxLength(4000);
            e.Property(s => s.LastError).HasMaxLength(2000);
            // The sender looks for due pending scores; the reconciliation page for the latest per student and set.
            e.HasIndex(s => new { s.Status, s.NextAttemptAt });
            e.HasIndex(s => new { s.ContextLinkId, s.ProblemSetId, s.UserId });
        });
    }
}

public static class Limits
{
    // Longer than any sensible derivative; the engine bounds its own work as well.
    public const int AnswerMaxLength = 2000;
    public const int IdempotencyKeyMaxLength = 100;
    // LTI: the core spec caps ids (sub, context id, resource link id) at 255 ASCII characters.
    public const int LtiIdMaxLength = 255;
    public const int LtiUrlMaxLength = 2000;
    public const int ReportMaxLength = 2000;
}
