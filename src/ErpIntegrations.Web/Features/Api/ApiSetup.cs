using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ErpIntegrations.Web.Features.Api;

public sealed class ApiTokenOptions
{
    public const string Section = "Api:Tokens";

    // Days a new token stays valid; 0 issues tokens that never expire.
    [Range(0, 36_500, ErrorMessage = "Api:Tokens:LifetimeDays must be 0 (never expire) or a number of days up to 36500.")]
    public int LifetimeDays { get; set; } = 90;

    // Token requests (POST /api/v1/tokens) one client address may make per window.
    [Range(1, int.MaxValue, ErrorMessage = "Api:Tokens:PermitLimit must be at least 1.")]
    public int PermitLimit { get; set; } = 10;

    [Range(1, 31_536_000, ErrorMessage = "Api:Tokens:WindowSeconds must be at least 1 (and at most a year).")]
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan? Lifetime => LifetimeDays == 0 ? null : TimeSpan.FromDays(LifetimeDays);

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

// The JSON API under /api/v1: bearer tokens only (a browser's cookie never reaches it, so it needs no
// antiforgery), snake_case enum values, problem details for every refusal, and its OpenAPI document.
internal static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string BearerPolicy = "ApiBearer";
    public const string TokensRateLimit = "tokens";
    private const string SelectorScheme = "ErpIntegrations";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ApiTokenOptions>().Bind(config.GetSection(ApiTokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<ApiPrincipalCache>();
        services.AddSingleton<CacheEviction>();
        services.AddSingleton<CompanyCache>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, Integrators.ConnectorCredentialAuthenticationHandler>(Integrators.ConnectorCredentialAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments(Integrators.ConnectorCredentialAuthenticationHandler.Prefix, StringComparison.OrdinalIgnoreCase)
                    ? Integrators.ConnectorCredentialAuthenticationHandler.SchemeName
                    : http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme);

        // Identity makes its cookie the default; requests to the API authenticate by their token instead,
        // before the middleware that reads the company claim runs.
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultAuthenticateScheme = SelectorScheme;
            o.DefaultChallengeScheme = SelectorScheme;
            o.DefaultForbidScheme = SelectorScheme;
        });
        services.AddAuthorizationBuilder().AddPolicy(BearerPolicy, p => p
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(TokensRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ =>
                {
                    var tokens = http.RequestServices.GetRequiredService<IOptions<ApiTokenOptions>>().Value;
                    return new FixedWindowRateLimiterOptions { PermitLimit = tokens.PermitLimit, Window = tokens.Window, QueueLimit = 0 };
                }));
            // The API answers problem details; a page (the sign-in forms' limits) is re-executed as the readable 429 page.
            o.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                TimeSpan? wait = null;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    wait = retryAfter;
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                if (!ProblemExceptionHandler.IsApi(context.HttpContext.Request))
                {
                    Account.SignInRateLimits.Refuse(context.HttpContext, wait);
                    return;
                }

                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "https://tools.ietf.org/html/rfc6585#section-4",
                        Title = "Too many requests.",
                        Detail = "Too many token requests from this address. Wait a minute and try again.",
                    },
                });
            };
        });

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));

        // A body that is not JSON or has a value of the wrong type throws, so it answers 400 problem details
        // with the field (Problems.For) instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(Prefix[1..], StringComparison.Ordinal) == true;
            o.CreateSchemaReferenceId = SchemaReferenceId;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ERP Integrations API";
                document.Info.Description = "Everything the ERP Integrations UI does, for scripts and other tools. "
                    + "Get a personal access token with POST /api/v1/tokens and send it as Authorization: Bearer <token>. "
                    + "Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token from POST /api/v1/tokens.",
                };
                document.Components.SecuritySchemes[Integrators.ConnectorCredentialAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A connector credential (erpc_…) an ERP Integrations Admin creates with POST /api/v1/erp/connection/credentials: the connector API only.",
                };
                DescribeForLint(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [];
                }
                else
                {
                    var scheme = context.Description.RelativePath?.StartsWith(Integrators.ConnectorCredentialAuthenticationHandler.Prefix[1..], StringComparison.OrdinalIgnoreCase) == true
                        ? Integrators.ConnectorCredentialAuthenticationHandler.SchemeName
                        : ApiTokenAuthenticationHandler.SchemeName;
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    // What each tag of the document groups; a tag without a description here is a gap OpenApiTests reports.
    internal static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Tokens"] = "Personal access tokens: get one with your email and password, list and revoke yours.",
        ["ERP Integrations"] = "The accounting approvers' tool: sub jobs sent for acceptance, accepted into the ERP, rejected, retried or imported from it.",
        ["ERP connection"] = "The company's ERP: which one it is and what it supports, its settings and a test of the connection.",
        ["Sandbox ERP"] = "The ledger of the embedded Sandbox ERP, to verify what was exported.",
        ["Project Admin"] = "A project's sub jobs: create and edit them, send them to the ERP, retrieve and resend them.",
        ["Projects"] = "The company's projects and the ERP jobs they are linked to.",
        ["Cost codes"] = "The company's standard cost codes, which sub jobs are divided by.",
        ["Company Directory"] = "The company's users, their access to the tools and projects, and the accounting approver privilege.",
        [ConnectorTag] = "For the integrator of an External ERP, with a connector credential: claim ERP requests (long poll), write them into the ERP, "
            + "answer complete or fail with the lease, and report the ERP's jobs and staged sub jobs. "
            + "Webhooks: when a webhook URL is set, each event is POSTed as {\"id\": \"evt_…\", \"type\": \"erp_request.created\" | \"erp_request.synced\" | "
            + "\"erp_request.failed\" | \"sub_job.rejected\", \"createdAt\": \"…\", \"data\": {\"erpRequestId\", \"companyId\", \"subJobId\"}} with the header "
            + "X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" keyed with the webhook secret>; compare in constant time and refuse "
            + "a t more than 5 minutes old. Answer 2xx within 5 seconds; otherwise it is redelivered with backoff from 1 s to 1 h for 12 hours.",
    };

    // What Redocly's recommended rules ask of the document beyond the operations: a server URL without a trailing
    // slash (the app's address; the operations' paths start with one), a licence and a contact, and tag descriptions.
    private static void DescribeForLint(OpenApiDocument document)
    {
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        document.Info.Contact = new OpenApiContact { Name = "ERP Integrations: your company's ERP Integrations Admin" };
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    // Each use case nests its own Body, Result and Row records, so the default id (the bare type name) would
    // give Reject.Body and Create.Body one schema. A nested type is named by its area and use case too:
    // ErpSubJobsRejectBody, ProjectSubJobsCreateBody.
    internal static string? SchemaReferenceId(JsonTypeInfo type)
    {
        if (type.Type.GetCustomAttribute<ApiSchemaIdAttribute>() is { } pinned)
        {
            return pinned.Id;
        }

        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        if (id is null || type.Type.DeclaringType is not { } useCase)
        {
            return id;
        }

        var area = useCase.Namespace?[(useCase.Namespace.LastIndexOf('.') + 1)..] ?? "";
        return area + useCase.Name + id;
    }

    public const string ConnectorTag = "Connector API";

    // The integrator's API: a connector credential, never a person's token, and its own tag in the document.
    public static RouteGroupBuilder MapConnectorGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Integrators.ConnectorCredentialAuthenticationHandler.Prefix)
            .RequireAuthorization(Permissions.ConnectorApi)
            .AddEndpointFilter<ApiFieldNames>()
            .WithTags(ConnectorTag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o
                .WithTitle("ERP Integrations API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(ApiTokenAuthenticationHandler.SchemeName))
            .AllowAnonymous();

        return app.MapGroup(Prefix)
            .RequireAuthorization(BearerPolicy)
            .AddEndpointFilter<ApiFieldNames>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}

// Use cases name their fields as C# does; the API answers with the JSON names clients sent.
internal sealed class ApiFieldNames : IEndpointFilter
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["SelectedIds"] = "ids",
        ["CostCodeIds"] = "costCodes",
        ["JobName"] = "name",
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InputException input)
        {
            throw new InputException(input.Errors.ToDictionary(
                e => Renamed.GetValueOrDefault(e.Key) ?? JsonNamingPolicy.CamelCase.ConvertName(e.Key),
                e => e.Value));
        }
    }
}
