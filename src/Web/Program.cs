using GraderHub.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
// Which database, and whether this node serves pages, grades, or both (docs/scale-out.md).
var deployment = Deployment.From(builder.Configuration);
builder.Services.AddGraderHubData(deployment, builder.Environment);
builder.Services.AddGraderHubAuth();
builder.Services.AddGraderHubJobs(deployment, builder.Configuration, builder.Environment);
builder.Services.AddGraderHubWeb();
builder.Services.AddGraderHubSecurityHeaders(builder.Environment);

var app = builder.Build();

// Migrations, seed, demo accounts (Development only) and the recovery sweep, before serving.
await AppInitializer.InitializeAsync(app.Services, app.Environment, app.Configuration);

app.UseGraderHubPipeline(deployment);

await app.RunAsync();

// WebApplicationFactory<Program> needs a public entry type.
public partial class Program;
