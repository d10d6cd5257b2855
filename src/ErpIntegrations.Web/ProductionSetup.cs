using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using ErpIntegrations.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using IPNetwork = System.Net.IPNetwork;

namespace ErpIntegrations.Web;

// Running behind a reverse proxy and on several instances: forwarded headers, HTTPS, security headers on every
// response, and the data-protection keys in the shared database.
internal static class ProductionSetup
{
    public const string LegacyKeysFolder = "keys";

    // Every page's scripts and styles are files under wwwroot; nothing inline runs.
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The Scalar API reference starts itself with an inline script and styles its parts inline.
    internal const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddProxyAndHttps(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in Values(config, "App:ForwardedHeaders:KnownProxies"))
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in Values(config, "App:ForwardedHeaders:KnownNetworks"))
            {
                o.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        // Secure whenever the request came over HTTPS (as the proxy says), so that a plain-HTTP development run still signs in.
        builder.Services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    // First, so that everything after it — HTTPS redirection, Secure cookies, the rate limiters — sees the client's
    // real address and scheme.
    public static void UseProxyAndHttps(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ApiReferencePolicy : ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    public static void AddDataProtectionKeys(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var protection = builder.Services.AddDataProtection().PersistKeysToDbContext<AppDbContext>();
        if (config["App:DataProtection:ApplicationName"] is { Length: > 0 } name)
        {
            protection.SetApplicationName(name);
        }

        if (config["App:DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(path, builder.Environment.ContentRootPath), config["App:DataProtection:CertificatePassword"]));
        }
    }

    // Before anything uses a key: keys an earlier version kept as XML files in the data directory move into the
    // database, so its cookies and stored ERP secrets still decrypt, and leave the directory, so that reading it no
    // longer gives a key to sign in with. A fresh key is then made the default, so nothing new is protected with one
    // that lay in the directory.
    internal static async Task ImportLegacyKeysAsync(this IServiceProvider services, string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, LegacyKeysFolder);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.xml") : [];
        var logger = services.GetRequiredService<ILogger<AppPaths>>();
        if (files.Length > 0)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var friendlyName = Path.GetFileNameWithoutExtension(file);
                if (known.Add(friendlyName))
                {
                    db.DataProtectionKeys.Add(new DataProtectionKey
                    {
                        FriendlyName = friendlyName,
                        Xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting),
                    });
                }
            }

            await db.SaveChangesAsync();
            foreach (var file in files)
            {
                File.Delete(file);
            }

            // Data Protection dates its keys by the system clock, not the app's.
            var now = TimeProvider.System.GetUtcNow();
            services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
            logger.LogWarning(
                "Moved {Count} data-protection keys from {Folder} into the database; the folder no longer holds any.", files.Length, folder);
        }

    }

    internal static void WarnIfKeysUnencrypted(this WebApplication app, ILogger logger)
    {
        if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Configuration["App:DataProtection:CertificatePath"]))
        {
            logger.LogWarning(
                "Data-protection keys (sign-in cookies, set-password links, ERP secrets) are stored unencrypted in the database. "
                + "Set App:DataProtection:CertificatePath to encrypt them with a certificate.");
        }
    }

    private static IEnumerable<string> Values(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var values = section.Value is { } single
            ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>();
        return values.Where(v => !string.IsNullOrWhiteSpace(v));
    }
}
