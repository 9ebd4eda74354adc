using GraderHub.Data;
using GraderHub.Web.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace GraderHub.Web.Tests.Infrastructure;

public sealed class DeploymentTests
{
    [Fact]
    public void From_NothingConfigured_IsOneSqliteNodeDoingBoth()
    {
        var deployment = Deployment.From(Config());

        Assert.Equal(new Deployment(DatabaseProvider.Sqlite, NodeRole.Both), deployment);
        Assert.True(deployment.ServesWeb && deployment.RunsJobs && deployment.OnlyGrader);
    }

    [Theory]
    [InlineData("web", NodeRole.Web, true, false)]
    [InlineData("Worker", NodeRole.Worker, false, true)]
    [InlineData("BOTH", NodeRole.Both, true, true)]
    public void From_PostgreSqlWithARole_ServesAndGradesAsThatRoleSays(string roles, NodeRole role, bool web, bool jobs)
    {
        var deployment = Deployment.From(Config(("GraderHub:Database", "postgresql"), ("GraderHub:Roles", roles),
            ("ConnectionStrings:GraderHub", "Host=127.0.0.1;Database=g")));

        Assert.Equal(new Deployment(DatabaseProvider.PostgreSql, role), deployment);
        Assert.Equal((web, jobs, false), (deployment.ServesWeb, deployment.RunsJobs, deployment.OnlyGrader));
    }

    [Theory]
    [InlineData("GraderHub:Database", "mysql", "GraderHub:Database = 'mysql' is not one of: sqlite, postgresql")]
    [InlineData("GraderHub:Database", "1", "is not one of")]
    [InlineData("GraderHub:Roles", "web", "needs GraderHub:Database = PostgreSql")]
    [InlineData("GraderHub:Roles", "grader", "GraderHub:Roles = 'grader' is not one of: web, worker, both")]
    [InlineData("GraderHub:Database", "PostgreSql", "needs ConnectionStrings:GraderHub")]
    public void From_WrongSetting_StopsWithAMessageNamingIt(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Deployment.From(Config((key, value))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
