namespace GraderHub.Data.Entities;

// An LMS registered with GraderHub (LTI 1.3): its issuer and the client id it gave this tool, and
// where its OIDC authorisation, OAuth token and key-set endpoints are. New LMS courses (contexts)
// of this platform are linked to CourseId until an administrator links them elsewhere.
public sealed class LtiPlatform
{
    public int Id { get; set; }
    public required string Issuer { get; set; }
    public required string ClientId { get; set; }
    public required string AuthUrl { get; set; }
    public required string TokenUrl { get; set; }
    public required string JwksUrl { get; set; }
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
    public List<LtiDeployment> Deployments { get; set; } = [];
}

// One installation of the tool in the platform (deployment_id claim): a launch from any other is refused.
public sealed class LtiDeployment
{
    public int Id { get; set; }
    public int PlatformId { get; set; }
    public LtiPlatform Platform { get; set; } = null!;
    public required string DeploymentId { get; set; }
}

// The tool's own RSA key pair: signs client assertions and deep-linking responses. The private key
// is stored encrypted by ASP.NET Core data protection; the public key in clear for the JWKS. A
// retired key stays in the JWKS until every token signed with it has expired.
public sealed class LtiToolKey
{
    public int Id { get; set; }
    public required string Kid { get; set; }
    public required string PublicJwk { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}

public enum LtiTicketPurpose { Login, Resume, DeepLink }

// A short-lived, single-use value of the LTI flow: the OIDC state and nonce between /lti/login and
// /lti/launch (bound to the browser by the hash of a cookie), the code that continues a session
// in a new window when the LMS's iframe blocks cookies, and a pending deep-linking request.
public sealed class LtiTicket
{
    public long Id { get; set; }
    public LtiTicketPurpose Purpose { get; set; }
    public required string Value { get; set; }
    public string? Nonce { get; set; }
    public string? BrowserHash { get; set; }
    public int PlatformId { get; set; }
    public string? UserId { get; set; }
    // Purpose-specific JSON (the login parameters, the deep-linking settings, the page to resume).
    public string? Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

// A GraderHub account is the LMS's user (issuer, sub).
public sealed class LtiUserLink
{
    public int Id { get; set; }
    public int PlatformId { get; set; }
    public LtiPlatform Platform { get; set; } = null!;
    public required string Subject { get; set; }
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
    // Null: imported from the roster, never launched.
    public DateTimeOffset? LastLaunchAt { get; set; }
}

// An LMS course (context) is a GraderHub course; the service URLs are the latest the LMS sent.
public sealed class LtiContextLink
{
    public int Id { get; set; }
    public int PlatformId { get; set; }
    public LtiPlatform Platform { get; set; } = null!;
    public required string DeploymentId { get; set; }
    public required string ContextId { get; set; }
    public string Title { get; set; } = "";
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public string? LineItemsUrl { get; set; }
    public string? AgsScopes { get; set; }
    public string? MembershipsUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// A link placed in the LMS course, and the set (or problem) it opens.
public sealed class LtiResourceLink
{
    public int Id { get; set; }
    public int ContextLinkId { get; set; }
    public LtiContextLink ContextLink { get; set; } = null!;
    public required string ResourceLinkId { get; set; }
    public int? ProblemSetId { get; set; }
    public int? ProblemId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// The LMS gradebook column of a set in one LMS course.
public sealed class LtiLineItem
{
    public int Id { get; set; }
    public int ContextLinkId { get; set; }
    public LtiContextLink ContextLink { get; set; } = null!;
    public int ProblemSetId { get; set; }
    public required string Url { get; set; }
    public double ScoreMaximum { get; set; }
    public string Label { get; set; } = "";
}

public enum LtiScoreStatus { Pending, Sent, Failed, Superseded }

// A score to publish (AGS): written in the same moment the score changed, sent by a Hangfire job
// until the LMS accepts it (retries with backoff), or marked Failed when the LMS refuses it in a
// way that will not heal (a 4xx other than 401/408/429), which staff see on the reconciliation page.
public sealed class LtiScore
{
    public long Id { get; set; }
    public int ContextLinkId { get; set; }
    public LtiContextLink ContextLink { get; set; } = null!;
    public int ProblemSetId { get; set; }
    public required string UserId { get; set; }
    public required string Subject { get; set; }
    public double ScoreGiven { get; set; }
    public double ScoreMaximum { get; set; }
    public required string ActivityProgress { get; set; }
    public required string GradingProgress { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public LtiScoreStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    // A sender holds the row until then, so two jobs never send the same score.
    public DateTimeOffset? LockedUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
