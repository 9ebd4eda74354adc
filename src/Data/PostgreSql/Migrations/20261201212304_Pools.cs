using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GraderHub.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Pools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PoolKey",
                table: "Problems",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PoolTitle",
                table: "Problems",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PoolKey",
                table: "Problems");

            migrationBuilder.DropColumn(
                name: "PoolTitle",
                table: "Problems");
        }
    }
}
