using System.Diagnostics;
using System.Text.RegularExpressions;
using GraderHub.Data;

namespace GraderHub.Cli.Commands.Load;

// The built site as a child process on a random loopback port with its own temporary database
// (or a node on a shared PostgreSQL database), so a benchmark can kill -9 it and start it again
// on the same data.
public sealed partial class SiteProcess : IAsyncDisposable
{
    private readonly string _siteDll;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _keep;
    private Process? _process;

    public string DataFolder { get; }
    public Uri? Url { get; private set; }
    public int Starts { get; private set; }

    private SiteProcess(string siteDll, string dataFolder, IReadOnlyDictionary<string, string> settings, BenchDatabase database, bool keep)
    {
        _siteDll = siteDll;
        DataFolder = dataFolder;
        _settings = settings;
        Database = database;
        _keep = keep;
    }

    public BenchDatabase Database { get; }

    // CPU used by the site since its last start (user + system), to tell a slow site from a
    // starved one on a shared machine.
    public TimeSpan CpuTime
    {
        get
        {
            try { return _process is { HasExited: false } p ? p.TotalProcessorTime : TimeSpan.Zero; }
            catch (InvalidOperationException) { return TimeSpan.Zero; }
        }
    }

    // The site's settings for a benchmark: Production (what a deadline night runs), request
    // logging off (it would cost more than grading), everything else from the caller. Without a
    // database, a SQLite file in the node's own folder. dataFolder: an existing folder to use (a
    // new temporary one by default); keep: leave it behind.
    public static SiteProcess Create(string siteDll, IReadOnlyDictionary<string, string>? extra = null, BenchDatabase? database = null,
        string? dataFolder = null, bool keep = false)
    {
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "graderhub-load-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["GraderHub__DataFolder"] = folder,
            ["Logging__LogLevel__Default"] = "Warning",
            // The line that names the port Kestrel chose.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (database is { Provider: DatabaseProvider.PostgreSql })
        {
            settings["GraderHub__Database"] = nameof(DatabaseProvider.PostgreSql);
            settings["ConnectionStrings__GraderHub"] = database.Connection;
        }
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        return new SiteProcess(siteDll, folder, settings, database ?? BenchDatabase.Sqlite(Path.Combine(folder, "graderhub.db")), keep);
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_siteDll)!,
        };
        info.ArgumentList.Add(_siteDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var (k, v) in _settings) info.Environment[k] = v;

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var errors = new List<string>();
        var output = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 20) output.Dequeue();
            }
            if (ListeningLine().Match(line) is { Success: true } m)
                listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
                lock (errors) if (errors.Count < 50) errors.Add(line);
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            "the site exited during start-up: " + string.Join(Environment.NewLine, errors)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            Url = await listening.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            string last;
            lock (output) last = string.Join(Environment.NewLine, output);
            throw new TimeoutException($"the site did not listen within {timeout.TotalSeconds:F0} s; its last output:{Environment.NewLine}{last}");
        }
        Starts++;

        // Listening comes after migrations and seeding; wait for /health too.
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
            }
            // Refused, or slower than 5 s on a loaded machine: ask again until the deadline.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the site did not become healthy");
            await Task.Delay(50);
        }
    }

    // SIGKILL: no shutdown hooks, no flush; what a power cut or the OOM killer does.
    public void KillHard()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: false);
            p.WaitForExit();
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_keep) return;
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { }
    }

    // The built site next to this repository: Release if built, else Debug.
    public static string? FindBuiltSite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "GraderHub.sln"))) continue;
            foreach (var config in new[] { "Release", "Debug" })
            {
                var dll = Path.Combine(dir.FullName, "src", "Web", "bin", config, "net10.0", "GraderHub.Web.dll");
                if (File.Exists(dll)) return dll;
            }
            return null;
        }
        return null;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
