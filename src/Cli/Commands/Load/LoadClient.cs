using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GraderHub.Cli.Commands.Load;

// Seen: the submission as the reply gave it, when the POST waited for the grade (?wait).
public sealed record SubmitReply(HttpStatusCode? Status, long? Id, string? Error, TimeSpan? RetryAfter, GradeSeen? Seen = null);

public sealed record GradeSeen(long Id, string Status, DateTimeOffset? SubmittedAt, DateTimeOffset? GradedAt);

// The JSON API as a student's script uses it, through one site or spread over several web nodes
// (a load balancer's round robin: request `route` goes to node route mod N). A node's address can
// move: a restarted site listens on a new port.
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri[] _nodes;

    public LoadClient(Uri baseUrl) : this([baseUrl]) { }

    public LoadClient(IReadOnlyList<Uri> nodes)
    {
        if (nodes.Count == 0) throw new ArgumentException("at least one node", nameof(nodes));
        _nodes = [.. nodes];
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    public int NodeCount => _nodes.Length;

    public void MoveNode(int index, Uri url) => Volatile.Write(ref _nodes[index], url);

    private Uri Node(int route) => Volatile.Read(ref _nodes[(int)((uint)route % (uint)_nodes.Length)]);

    public async Task<string> LoginAsync(string email, string password, int route = 0)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(Node(route), "/api/auth/login"), new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in of {email} answered {(int)response.StatusCode}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("accessToken").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string token, string path, int route = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Node(route), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // A network failure (the site killed mid-request) comes back with no status. waitSeconds > 0:
    // the POST waits for the grade (201 graded, 202 not yet), as GET ?wait does.
    public async Task<SubmitReply> SubmitAsync(string token, int problemId, string answer, string idempotencyKey, int route = 0,
        int waitSeconds = 0)
    {
        var query = waitSeconds > 0 ? $"?wait={waitSeconds}" : "";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Node(route), $"/api/problems/{problemId}/submissions{query}"))
        {
            Content = JsonContent.Create(new { answer }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Created)
            {
                var json = JsonDocument.Parse(body).RootElement;
                var id = json.GetProperty("id").GetInt64();
                return new SubmitReply(response.StatusCode, id, null, null, Seen(id, json));
            }
            return new SubmitReply(response.StatusCode, null, body.Length > 200 ? body[..200] : body, retryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return new SubmitReply(null, null, ex.GetType().Name + ": " + ex.Message, null);
        }
    }

    // One request that waits on the server for the grade (`wait`), or an immediate answer from
    // a server that does not support waiting; null when the site could not be reached.
    public async Task<GradeSeen?> PollAsync(string token, long id, int waitSeconds, int route = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Node(route), $"/api/submissions/{id}?wait={waitSeconds}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _http.SendAsync(request);
            if (!response.IsSuccessStatusCode) return null;
            return Seen(id, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return null;
        }
    }

    private static GradeSeen Seen(long id, JsonElement json) =>
        new(id, json.GetProperty("status").GetString()!, Date(json, "submittedAt"), Date(json, "gradedAt"));

    private static DateTimeOffset? Date(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;

    public void Dispose() => _http.Dispose();
}
