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

    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<ProblemSet> ProblemSets => Set<ProblemSet>();
    public DbSet<Problem> Problems => Set<Problem>();
    public DbSet<ProblemVersion> ProblemVersions => Set<ProblemVersion>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<GradeOverride> GradeOverrides => Set<GradeOverride>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();
    public DbSet<HintReveal> HintReveals => Set<HintReveal>();
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
        });

        builder.Entity<Problem>(e =>
        {
            e.Property(p => p.Key).HasMaxLength(100);
            e.Property(p => p.Title).HasMaxLength(200);
            e.Property(p => p.Kind).HasMaxLength(50);
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
            e.HasIndex(s => new { s.ProblemId, s.Status });
            // The recovery sweep looks for queued and grading submissions.
            e.HasIndex(s => s.Status);
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId);
        });

        builder.Entity<GradeOverride>(e =>
        {
            e.Property(o => o.Reason).HasMaxLength(2000);
            e.HasIndex(o => o.SubmissionId);
        });

        builder.Entity<AuditLogEntry>(e =>
        {
            e.ToTable("AuditLog");
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.HasIndex(a => a.At);
        });
    }
}

public static class Limits
{
    // Longer than any sensible derivative; the engine bounds its own work as well.
    public const int AnswerMaxLength = 2000;
    public const int IdempotencyKeyMaxLength = 100;
    public const int ReportMaxLength = 2000;
}
