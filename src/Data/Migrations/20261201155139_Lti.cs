using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Lti : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LtiPlatforms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    AuthUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TokenUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    JwksUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CourseId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiPlatforms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiPlatforms_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiTickets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    BrowserHash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    PlatformId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiTickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LtiToolKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PublicJwk = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiToolKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LtiContextLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlatformId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContextId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CourseId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineItemsUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AgsScopes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    MembershipsUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiContextLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiContextLinks_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LtiContextLinks_LtiPlatforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "LtiPlatforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiDeployments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlatformId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiDeployments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiDeployments_LtiPlatforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "LtiPlatforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiUserLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlatformId = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastLaunchAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiUserLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiUserLinks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LtiUserLinks_LtiPlatforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "LtiPlatforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiLineItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContextLinkId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProblemSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ScoreMaximum = table.Column<double>(type: "REAL", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiLineItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiLineItems_LtiContextLinks_ContextLinkId",
                        column: x => x.ContextLinkId,
                        principalTable: "LtiContextLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiResourceLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContextLinkId = table.Column<int>(type: "INTEGER", nullable: false),
                    ResourceLinkId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProblemSetId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiResourceLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiResourceLinks_LtiContextLinks_ContextLinkId",
                        column: x => x.ContextLinkId,
                        principalTable: "LtiContextLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContextLinkId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProblemSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ScoreGiven = table.Column<double>(type: "REAL", nullable: false),
                    ScoreMaximum = table.Column<double>(type: "REAL", nullable: false),
                    ActivityProgress = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GradingProgress = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiScores_LtiContextLinks_ContextLinkId",
                        column: x => x.ContextLinkId,
                        principalTable: "LtiContextLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LtiContextLinks_CourseId",
                table: "LtiContextLinks",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_LtiContextLinks_PlatformId_ContextId",
                table: "LtiContextLinks",
                columns: new[] { "PlatformId", "ContextId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiDeployments_PlatformId_DeploymentId",
                table: "LtiDeployments",
                columns: new[] { "PlatformId", "DeploymentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiLineItems_ContextLinkId_ProblemSetId",
                table: "LtiLineItems",
                columns: new[] { "ContextLinkId", "ProblemSetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiPlatforms_CourseId",
                table: "LtiPlatforms",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_LtiPlatforms_Issuer_ClientId",
                table: "LtiPlatforms",
                columns: new[] { "Issuer", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiResourceLinks_ContextLinkId_ResourceLinkId",
                table: "LtiResourceLinks",
                columns: new[] { "ContextLinkId", "ResourceLinkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiScores_ContextLinkId_ProblemSetId_UserId",
                table: "LtiScores",
                columns: new[] { "ContextLinkId", "ProblemSetId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_LtiScores_Status_NextAttemptAt",
                table: "LtiScores",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LtiTickets_ExpiresAt",
                table: "LtiTickets",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_LtiTickets_Value",
                table: "LtiTickets",
                column: "Value",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiToolKeys_Kid",
                table: "LtiToolKeys",
                column: "Kid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiUserLinks_PlatformId_Subject",
                table: "LtiUserLinks",
                columns: new[] { "PlatformId", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiUserLinks_UserId",
                table: "LtiUserLinks",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LtiDeployments");

            migrationBuilder.DropTable(
                name: "LtiLineItems");

            migrationBuilder.DropTable(
                name: "LtiResourceLinks");

            migrationBuilder.DropTable(
                name: "LtiScores");

            migrationBuilder.DropTable(
                name: "LtiTickets");

            migrationBuilder.DropTable(
                name: "LtiToolKeys");

            migrationBuilder.DropTable(
                name: "LtiUserLinks");

            migrationBuilder.DropTable(
                name: "LtiContextLinks");

            migrationBuilder.DropTable(
                name: "LtiPlatforms");
        }
    }
}
