using System.Security.Claims;
using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.External;
using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Connectors.Tryton;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features;
using ErpIntegrations.Web.Features.Account;
using ErpIntegrations.Web.Features.Api;
using ErpIntegrations.Web.Features.Setup;
using ErpIntegrations.Web.Integrators;
using ErpIntegrations.Web.Notifications;
using ErpIntegrations.Web.Queues;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web;

internal static class AppSetup
{
    private const string DefaultPublicBaseUrl = "http://localhost:5080";

    public static void AddErpIntegrations(this WebApplicationBuilder builder)
    {
        SqliteLibrary.Configure();
        var config = builder.Configuration;
        var services = builder.Services;
        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        var dataDirectory = DataDirectory(builder);
        Directory.CreateDirectory(dataDirectory);
        services.AddSingleton(new AppPaths(dataDirectory));
        services.AddSingleton(TimeProvider.System);
        builder.AddDataProtectionKeys();
        builder.AddProxyAndHttps();

        services.AddAppDatabase(config, dataDirectory);

        services.AddSandboxErpConnector()
            .Bind(config.GetSection("Erp:Sandbox"))
            .PostConfigure(o =>
            {
                if (string.IsNullOrEmpty(o.ConnectionString))
                {
                    o.ConnectionString = $"Data Source={Path.Combine(dataDirectory, "sandbox-erp.db")};Default Timeout=30";
                }
            });
        services.AddTrytonConnector().Bind(config.GetSection("Erp:Tryton"));
        services.AddSingleton<IErpIntegratorReports, IntegratorReports>();
        services.AddExternalConnector();
        services.AddSingleton(new ErpConnectorCatalog(services));
        services.AddOptions<ErpOptions>()
            .Bind(config.GetSection(ErpOptions.Section))
            .PostConfigure(o => o.DefaultConnector = string.IsNullOrWhiteSpace(o.DefaultConnector) ? SandboxErpServiceCollectionExtensions.ConnectorName : o.DefaultConnector.Trim())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ErpOptions>, ErpOptionsRules>();
        services.AddSingleton<ErpSecrets>();
        services.AddSingleton<ErpConnectors>();

        services.AddOptions<ExportOptions>().Bind(config.GetSection(ExportOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExportOptions>, ExportOptionsRules>();
        services.AddSingleton<ErpCircuitBreakers>();
        services.AddSingleton<Exporter>();
        services.AddHostedService<ExporterService>();

        services.AddNotifications(config, dataDirectory);
        services.AddWebhooks(config);

        services.AddIdentity<User, IdentityRole<Guid>>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "erp-integrations";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
        });

        // A cookie checks its security stamp (changed by setting or resetting the password, and by deactivation) every
        // minute instead of every 30: the person's other sessions end within a minute of a password change.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<IUserClaimsPrincipalFactory<User>, AppClaimsPrincipalFactory>();
        services.AddPermissions();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ViewerTime>();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Account/Error");
            o.Conventions.AllowAnonymousToPage("/Account/SetPassword");
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.ConfigureFilter(new UnreadableFormValues());
            o.Conventions.ConfigureFilter(new HandlerPolicies());
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.AddObservability();
        services.AddScoped<DemoSeeder>();
        services.AddFeatureHandlers();
        services.AddApi(config);
        services.AddSignInRateLimits(config);
    }

    // The setup command, when the arguments ask for it: its exit code; otherwise null and the app runs.
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (!SetupCommand.IsRequested(args))
        {
            return null;
        }

        Func<Task<string?>> readPassword = Console.IsInputRedirected
            ? Console.In.ReadLineAsync
            : () => Task.FromResult<string?>(SetupCommand.ReadFromTerminalWithoutEcho(Console.Error));
        return await SetupCommand.RunAsync(
            app.Services, args, readPassword, Console.Out, Console.Error, Environment.GetEnvironmentVariable(SetupCommand.PasswordVariable), () => app.MigrateAsync());
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateAsync();
        if (app.Configuration.GetValue("App:SeedDemo", app.Environment.IsDevelopment()))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        }

        await app.Services.GetRequiredService<SetupCode>().IssueIfNotSetUpAsync(app.Services, CancellationToken.None);

        var logger = app.Services.GetRequiredService<ILogger<AppPaths>>();
        logger.LogInformation("ERP Integrations keeps its local data in {DataDirectory}", app.Services.GetRequiredService<AppPaths>().DataDirectory);
        app.WarnIfKeysUnencrypted(logger);
        var mail = app.Services.GetRequiredService<IMailTransport>();
        if (mail is PickupDirectoryTransport)
        {
            logger.LogWarning("No SMTP server is configured (Email:Smtp:Host), so emails are written as .eml files to the {Transport}.", mail.Describe());
        }
        else
        {
            logger.LogInformation("Emails are sent through the {Transport}.", mail.Describe());
        }

        if (string.IsNullOrWhiteSpace(app.Configuration["App:PublicBaseUrl"]))
        {
            logger.LogWarning(
                "App:PublicBaseUrl is not set; links in emails point to {PublicBaseUrl}. Set it to the address people open ERP Integrations at.",
                DefaultPublicBaseUrl);
        }
    }

    internal static async Task MigrateAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        await app.Services.ImportLegacyKeysAsync(app.Services.GetRequiredService<AppPaths>().DataDirectory);

        await app.Services.GetRequiredService<ErpConnectors>().InitializeAsync(CancellationToken.None);
    }

    public static void UseErpIntegrations(this WebApplication app)
    {
        app.UseProxyAndHttps();
        app.UseWhen(
            context => !ProblemExceptionHandler.IsApi(context.Request),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseExceptionHandler();

        // An API response with a bare status code gets problem details; a page's is re-executed above as a readable page.
        app.UseWhen(context => ProblemExceptionHandler.IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseStaticFiles();
        app.UseMiddleware<ReadableForms>();
        app.UseRouting();
        app.UseSetupFirst();

        // The rate limiter after authentication: a signed-in person setting their password is limited as that person.
        app.UseAuthentication();
        app.UseSignInFormsRead();
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            var companyClaim = context.User.FindFirstValue(AppClaimsPrincipalFactory.CompanyClaim);
            if (Guid.TryParse(companyClaim, out var companyId))
            {
                context.RequestServices.GetRequiredService<CurrentCompany>().Id = companyId;
            }

            await next(context);
        });
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapObservability();
        app.MapRazorPages();
        app.MapFeatureEndpoints();
    }

    private static void AddNotifications(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        services.AddOptions<EmailOptions>()
            .Bind(config.GetSection(EmailOptions.Section))
            .PostConfigure(o => o.PickupDirectory = string.IsNullOrWhiteSpace(o.PickupDirectory)
                ? Path.Combine(dataDirectory, "mail")
                : Path.GetFullPath(o.PickupDirectory, dataDirectory))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsRules>();
        var publicBaseUrl = config["App:PublicBaseUrl"];
        services.AddSingleton(new AppLinks(string.IsNullOrWhiteSpace(publicBaseUrl) ? DefaultPublicBaseUrl : publicBaseUrl));
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return email.UsesSmtp ? new SmtpMailTransport(email) : new PickupDirectoryTransport(email.PickupDirectory);
        });
        services.AddSingleton<EmailSender>();
        services.AddSingleton<DailySummary>();
        services.AddHostedService<NotificationService>();
    }

    private static string DataDirectory(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["App:DataDirectory"];
        var directory = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(builder.Environment.ContentRootPath, directory));
    }

    private static void AddAppDatabase(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        services.AddScoped<CurrentCompany>();
        services.AddSingleton<WorkSignals>();
        services.AddSingleton<AfterCommit>();
        services.AddSingleton<WorkSignalInterceptor>();
        services.AddSingleton<NotificationOutboxInterceptor>();
        services.AddSingleton<IntegratorSignal>();
        services.AddSingleton<IntegratorOutboxInterceptor>();
        services.AddSingleton<DatabaseFailureLog>();
        var provider = config["Database:Provider"] ?? "Sqlite";
        var connectionString = config.GetConnectionString("Default");
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres, so ConnectionStrings:Default must name the PostgreSQL database.");
            }

            var postgres = WithNpgsqlDefaults(connectionString);
            services.AddAppDbContext<PostgresAppDbContext>((sp, o) => o
                .UseNpgsql(postgres)
                .ConfigureWarnings(DatabaseFailureLog.Configure)
                .AddInterceptors(sp.GetRequiredService<IntegratorOutboxInterceptor>(), sp.GetRequiredService<NotificationOutboxInterceptor>(), sp.GetRequiredService<Features.CacheEviction>(), sp.GetRequiredService<WorkSignalInterceptor>(), sp.GetRequiredService<AfterCommit>(), sp.GetRequiredService<DatabaseFailureLog>()));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = string.IsNullOrWhiteSpace(connectionString)
                ? $"Data Source={Path.Combine(dataDirectory, "erp-integrations.db")};Default Timeout=30"
                : connectionString;
            services.AddSingleton<SqlitePragmas>();
            services.AddSingleton(_ => new SqliteStatementCache(sqlite));
            services.AddAppDbContext<SqliteAppDbContext>((sp, o) => o
                .UseSqlite(sqlite)
                .ConfigureWarnings(DatabaseFailureLog.Configure)
                .AddInterceptors(sp.GetRequiredService<SqlitePragmas>(), sp.GetRequiredService<SqliteStatementCache>(), sp.GetRequiredService<IntegratorOutboxInterceptor>(), sp.GetRequiredService<NotificationOutboxInterceptor>(), sp.GetRequiredService<Features.CacheEviction>(), sp.GetRequiredService<WorkSignalInterceptor>(), sp.GetRequiredService<AfterCommit>(), sp.GetRequiredService<DatabaseFailureLog>()),
                (sp, db) => sp.GetRequiredService<SqliteStatementCache>().Keep(db));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider \"{provider}\" is not supported; use Sqlite or Postgres.");
        }
    }

    // Npgsql prepares on the server the statements a connection runs most (up to MaxAutoPrepare of them), so PostgreSQL
    // plans the list's page once per connection instead of on every request (the list API at 32 connections: 974 ->
    // 1,609 requests/s on the 2-core machine). Off by default in Npgsql; a connection string that says Max Auto Prepare
    // (0 switches it off, for a PgBouncer older than 1.21 in transaction mode) is kept as it is.
    public const int MaxAutoPrepare = 64;

    // And it does not reset a pooled connection's session when it is handed out again (No Reset On Close): by default
    // every connection taken from the pool first runs seven statements (SET SESSION AUTHORIZATION DEFAULT, RESET ALL,
    // CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES, DISCARD TEMP), and EF Core takes one for each
    // query, so a list request ran them twice, more work on the server than its own two statements. The app leaves no
    // state in a session: it sets no setting, takes no session advisory lock, listens to nothing and makes no temporary
    // table. A connection string that says No Reset On Close is kept as it is.
    internal static string WithNpgsqlDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var autoPrepare = !given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare");
        var noReset = !given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose");
        if (!autoPrepare && !noReset)
        {
            return connectionString;
        }

        var built = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (autoPrepare)
        {
            built.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (noReset)
        {
            built.NoResetOnClose = true;
        }

        return built.ConnectionString;
    }

    // The scope's AppDbContext comes from EF Core's context pool (a context reset and handed out again, instead of built
    // with its services for every request), with the scope's CurrentCompany set on it; the pool's options are built once.
    private static void AddAppDbContext<TContext>(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> options, Action<IServiceProvider, AppDbContext>? leased = null)
        where TContext : AppDbContext
    {
        services.AddPooledDbContextFactory<TContext>(options);
        services.AddScoped<AppDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            leased?.Invoke(sp, db);
            db.CurrentCompany = sp.GetRequiredService<CurrentCompany>();
            return db;
        });
    }
}

public sealed record AppPaths(string DataDirectory);
