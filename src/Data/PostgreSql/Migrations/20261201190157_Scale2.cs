using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Scale2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Submissions_WrongAnswers",
                table: "Submissions",
                columns: new[] { "ProblemId", "Verdict", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_WrongAnswers",
                table: "Submissions");
        }
    }
}
