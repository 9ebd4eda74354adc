using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.PostgreSql;

// The same model as GraderHubDbContext on PostgreSQL. It exists so that the PostgreSQL
// migrations (PostgreSql/Migrations) have a context type of their own: EF finds a context's
// migrations by that type, which is how both providers' migrations live in this one assembly.
public sealed class PostgreSqlGraderHubDbContext(DbContextOptions<PostgreSqlGraderHubDbContext> options)
    : GraderHubDbContext(options);
