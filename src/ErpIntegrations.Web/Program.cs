using ErpIntegrations.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddErpIntegrations();

var app = builder.Build();

// Checks every option now, before the setup command or the migration touches the database (ValidateOnStart alone
// would wait for the host to start).
app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.PrepareDatabaseAsync();
app.UseErpIntegrations();
await app.RunAsync();
return 0;

public partial class Program;
