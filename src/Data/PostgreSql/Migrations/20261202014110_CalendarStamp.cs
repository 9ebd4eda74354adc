using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CalendarStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarStamps", x => x.Id);
                });
            migrationBuilder.Sql(CalendarStamps.Create(DatabaseProvider.PostgreSql));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CalendarStamps.Drop(DatabaseProvider.PostgreSql));
            migrationBuilder.DropTable(
                name: "CalendarStamps");
        }
    }
}
