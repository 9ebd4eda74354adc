using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProblemScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProblemScores",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ProblemId = table.Column<int>(type: "integer", nullable: false),
                    SubmissionId = table.Column<long>(type: "bigint", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    GraderScore = table.Column<double>(type: "double precision", nullable: true),
                    LateFactor = table.Column<double>(type: "double precision", nullable: false),
                    HintFactor = table.Column<double>(type: "double precision", nullable: false),
                    OverrideScore = table.Column<double>(type: "double precision", nullable: true),
                    OverrideReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemScores", x => new { x.UserId, x.ProblemId });
                    table.ForeignKey(
                        name: "FK_ProblemScores_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProblemScores_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProblemScores_Problem",
                table: "ProblemScores",
                columns: new[] { "ProblemId", "UserId", "Score" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProblemScores");
        }
    }
}
