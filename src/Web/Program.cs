using GraderHub.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddGraderHubData(builder.Configuration, builder.Environment);
builder.Services.AddGraderHubAuth();
builder.Services.AddGraderHubJobs(builder.Configuration);
builder.Services.AddGraderHubWeb();
builder.Services.AddGraderHubSecurityHeaders(builder.Environment);

var app = builder.Build();

// Migrations, seed, demo accounts (Development only) and the recovery sweep, before serving.
await AppInitializer.InitializeAsync(app.Services, app.Environment, app.Configuration);

app.UseGraderHubPipeline();

await app.RunAsync();

// WebApplicationFactory<Program> needs a public entry type.
public partial class Program;
