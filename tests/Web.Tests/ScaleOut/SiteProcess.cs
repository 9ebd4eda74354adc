using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace GraderHub.Web.Tests.ScaleOut;

// The built site (src/Web/bin/<configuration>/net10.0/GraderHub.Web.dll) as its own process on a
// loopback port the kernel picks, as an operator runs a node: `dotnet GraderHub.Web.dll`,
// configured through environment variables. Kill is kill -9 (SIGKILL): no shutdown code runs.
public sealed partial class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiteProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        var dll = BuiltSite();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        // Kestrel prints the port it was given at Information level of this category.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"node {Name} exited before listening:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException($"node {Name} is not listening");

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static SiteProcess Start(string name, IReadOnlyDictionary<string, string> settings) => new(name, settings);

    // Listening, migrated and with a job server somewhere: /health answers 200.
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        Uri address;
        try
        {
            address = await _listening.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node {Name} did not listen within {timeout}:\n{Output}");
        }
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health", cts.Token)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"node {Name} not healthy within {timeout}:\n{Output}");
            }
            if (_process.HasExited) throw new InvalidOperationException($"node {Name} exited:\n{Output}");
            try { await Task.Delay(100, cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"node {Name} not healthy within {timeout}:\n{Output}"); }
        }
    }

    // SIGKILL, as `kill -9`: the process gets no chance to finish anything.
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // The last lines are what explain a failure; a long run keeps only those.
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
        if (ListeningPattern().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    private static string BuiltSite()
    {
        // tests/Web.Tests/bin/<configuration>/net10.0/ -> src/Web/bin/<configuration>/net10.0/
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        for (var dir = testBin; dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "Web", "bin", configuration, testBin.Name, "GraderHub.Web.dll");
            if (File.Exists(Path.Combine(dir.FullName, "GraderHub.sln")))
                return File.Exists(dll) ? dll : throw new FileNotFoundException("build the site first (dotnet build)", dll);
        }
        throw new InvalidOperationException("GraderHub.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
