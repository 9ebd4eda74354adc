using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarStamps", x => x.Id);
                });
            migrationBuilder.Sql(CalendarStamps.Create(DatabaseProvider.Sqlite));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CalendarStamps.Drop(DatabaseProvider.Sqlite));
            migrationBuilder.DropTable(
                name: "CalendarStamps");
        }
    }
}
