using ErpIntegrations.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddErpIntegrations();

var app = builder.Build();
if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.PrepareDatabaseAsync();
app.UseErpIntegrations();
await app.RunAsync();
return 0;

public partial class Program;
