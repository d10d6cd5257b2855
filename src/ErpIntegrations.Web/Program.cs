using ErpIntegrations.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddErpIntegrations();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseErpIntegrations();
await app.RunAsync();

public partial class Program;
