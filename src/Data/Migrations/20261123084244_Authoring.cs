using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Authoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "HintPenalty",
                table: "Problems",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "HintReveals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Penalty = table.Column<double>(type: "REAL", nullable: false),
                    RevealedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HintReveals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HintReveals_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HintReveals_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HintReveals_ProblemId",
                table: "HintReveals",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_HintReveals_UserId_ProblemId",
                table: "HintReveals",
                columns: new[] { "UserId", "ProblemId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HintReveals");

            migrationBuilder.DropColumn(
                name: "HintPenalty",
                table: "Problems");
        }
    }
}
