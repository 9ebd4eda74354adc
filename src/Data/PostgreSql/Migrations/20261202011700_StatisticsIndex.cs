using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_Pricing",
                table: "Submissions");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_Pricing",
                table: "Submissions",
                columns: new[] { "ProblemId", "UserId", "Status", "Score", "SubmittedAt", "Verdict", "AttemptNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_Pricing",
                table: "Submissions");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_Pricing",
                table: "Submissions",
                columns: new[] { "ProblemId", "UserId", "Status", "Score", "SubmittedAt" });
        }
    }
}
