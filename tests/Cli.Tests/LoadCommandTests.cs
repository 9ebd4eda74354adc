using GraderHub.Cli;
using GraderHub.Cli.Commands.Load;

namespace GraderHub.Cli.Tests;

public sealed class LoadCommandTests
{
    [Theory]
    [InlineData("http://example.com")]
    [InlineData("http://10.0.0.5:5000")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void Load_NonLoopbackUrl_IsRefusedBeforeAnyRequest(string url)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(["load", "--url", url, "--rate", "10", "--seconds", "1"], TextReader.Null, stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("loopback", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Load_WarmupWithKills_IsAUsageError()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CliApp.Run(["load", "--rate", "10", "--kills", "1", "--warmup", "5"], TextReader.Null, new StringWriter(), stderr));
        Assert.Contains("--warmup and --kills", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "0")]
    [InlineData("--rate", "5001")]
    [InlineData("--seconds", "121")]
    [InlineData("--students", "many")]
    [InlineData("--warmup", "121")]
    public void Load_OutOfBoundsOption_IsAUsageError(string option, string value)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CliApp.Run(["load", "--url", "http://127.0.0.1:1", option, value], TextReader.Null, new StringWriter(), stderr));
        Assert.Contains(option, stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://localhost", true)]
    [InlineData("http://127.0.0.2", true)]
    [InlineData("http://192.168.1.1", false)]
    public void IsLoopback_Cases(string url, bool expected) =>
        Assert.Equal(expected, LoadCommand.IsLoopback(new Uri(url)));

    // Refused before any node starts or any database is created.
    [Theory]
    [InlineData("--postgres", "Host=db.example;Username=u;Password=p")]
    [InlineData("--postgres", "Host=127.0.0.1,10.0.0.7;Username=u")]
    [InlineData("--postgres", "not a connection string")]
    [InlineData("--web-nodes", "5")]
    [InlineData("--workers", "0")]
    public void Load_PostgresOutOfBounds_IsAUsageError(string option, string value)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var args = option == "--postgres"
            ? new[] { "load", option, value, "--rate", "10", "--seconds", "1" }
            : ["load", "--postgres", "Host=127.0.0.1;Username=u", option, value];
        Assert.Equal(2, CliApp.Run(args, TextReader.Null, stdout, stderr));
        Assert.Contains(option, stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=5432;Username=u", true)]
    [InlineData("Host=localhost;Username=u", true)]
    [InlineData("Host=::1;Username=u", true)]
    [InlineData("Host=db.example;Username=u", false)]
    [InlineData("Username=u", false)]
    public void IsLoopbackServer_Cases(string connection, bool expected) =>
        Assert.Equal(expected, LoadCommand.IsLoopbackServer(connection));

    [Fact]
    public void Percentiles_NearestRank()
    {
        var p = Percentiles.Of(Enumerable.Range(1, 100).Select(i => (double)i));
        Assert.Equal((50.0, 99.0, 100.0, 100), (p.P50, p.P99, p.Max, p.Count));
    }
}
