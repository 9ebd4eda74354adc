using GraderHub.Web.Features.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using GraderHub.Web.Features.Submissions;
using Npgsql;

namespace GraderHub.Web.Tests.Errors;

// What counts as "the database cannot take this now" (503 with Retry-After, on every endpoint
// through the error page, and on the submit), as Npgsql and EF Core raise it. Seen under a
// 300/s load on two PostgreSQL web nodes: the pool ran dry and every such request answered 500.
public sealed class StorageFaultTests
{
    [Fact]
    public void PoolExhausted_AsEfCoresRetryStrategyWrapsIt_IsUnavailable()
    {
        var exhausted = new NpgsqlException(
            "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout' (currently 15 seconds) in your connection string.",
            new TimeoutException());
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", exhausted);

        Assert.True(StorageFaults.IsUnavailable(wrapped));
        Assert.False(StorageFaults.IsUniqueConflict(wrapped));
    }

    [Fact]
    public void ServerStoppedAnswering_IsUnavailable() =>
        Assert.True(StorageFaults.IsUnavailable(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));

    [Fact]
    public void UniqueViolation_AndABug_AreNotUnavailable()
    {
        var unique = new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505");

        Assert.False(StorageFaults.IsUnavailable(unique));
        Assert.True(StorageFaults.IsUniqueConflict(unique));
        Assert.False(StorageFaults.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(StorageFaults.IsUnavailable(new NpgsqlException("syntax error at or near")));
    }

    [Fact]
    public void Busy_IsNotBlamedOnABug() =>
        Assert.DoesNotContain("on our side", ErrorsController.Message(503), StringComparison.Ordinal);

    // The exception handler's road (Production; the test hosts run Development without it): an
    // API request that met an exhausted pool is told 503 with when to retry, not 500.
    [Fact]
    public void ErrorPage_UnavailableStorage_Is503WithRetryAfter_AndABug_Stays500()
    {
        var exhausted = new InvalidOperationException("transient failure",
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException()));

        var (busyStatus, busyRetry, busyBody) = Show(exhausted);
        var (bugStatus, bugRetry, _) = Show(new InvalidOperationException("a bug"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, busyStatus);
        Assert.Equal(((int)StorageFaults.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), busyRetry);
        Assert.Contains("too busy", busyBody, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status500InternalServerError, bugStatus);
        Assert.Equal("", bugRetry);
    }

    private static (int Status, string RetryAfter, string Body) Show(Exception error)
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IExceptionHandlerPathFeature>(new ExceptionHandlerFeature { Error = error, Path = "/api/problemsets" });
        var controller = new ErrorsController { ControllerContext = new ControllerContext { HttpContext = http } };
        var result = Assert.IsType<JsonResult>(controller.Show(null));
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString(), System.Text.Json.JsonSerializer.Serialize(result.Value));
    }
}
