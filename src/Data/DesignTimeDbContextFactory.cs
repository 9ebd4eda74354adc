using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GraderHub.Data;

// Lets `dotnet ef migrations add` run against this project alone, without starting the site.
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GraderHubDbContext>
{
    public GraderHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options);
}
