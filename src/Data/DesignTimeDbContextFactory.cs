using GraderHub.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GraderHub.Data;

// Let `dotnet ef migrations add --context ...` run against this project alone, without starting
// the site (scripts/migrations adds one per provider). Neither connects to a database.
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GraderHubDbContext>
{
    public GraderHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options);
}

public sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlGraderHubDbContext>
{
    public PostgreSqlGraderHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlGraderHubDbContext>()
            .UseNpgsql("Host=localhost;Database=graderhub_design_time")
            .Options);
}
