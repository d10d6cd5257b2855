using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ErpIntegrations.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErpSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ErpSecrets",
                table: "Companies",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErpSecrets",
                table: "Companies");
        }
    }
}
