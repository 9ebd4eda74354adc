using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Exam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FinishedAt",
                table: "TimedStarts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AccessCodeHash",
                table: "ProblemSets",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AllowedNetworks",
                table: "ProblemSets",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExamEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExamEvents_ProblemSetId_UserId_At",
                table: "ExamEvents",
                columns: new[] { "ProblemSetId", "UserId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExamEvents");

            migrationBuilder.DropColumn(
                name: "FinishedAt",
                table: "TimedStarts");

            migrationBuilder.DropColumn(
                name: "AccessCodeHash",
                table: "ProblemSets");

            migrationBuilder.DropColumn(
                name: "AllowedNetworks",
                table: "ProblemSets");
        }
    }
}
