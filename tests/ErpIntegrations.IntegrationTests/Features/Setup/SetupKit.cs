using System.Net;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Features.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.Setup;

/// <summary>Runs the setup command in-process, and the small steps a new company's admin takes through the pages.</summary>
internal static partial class SetupKit
{
    public const string AdminEmail = "owner@acme.test";
    public const string AdminPassword = "Acme-Owner-2026!";

    public sealed record CommandRun(int ExitCode, string Output, string Error);

    /// <summary>The <c>setup</c> command, as Program runs it, against the app's services (already migrated by start-up).</summary>
    public static async Task<CommandRun> RunSetupCommandAsync(this AppFactory app, string[] args, string? passwordFromEnvironment = null, string standardInput = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await SetupCommand.RunAsync(app.Services, args, new StringReader(standardInput).ReadLineAsync, output, error, passwordFromEnvironment, () => Task.CompletedTask);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    public static async Task<CreateFirstCompany.Result> SetUpAcmeAsync(this AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreateFirstCompany.Handler>()
            .HandleAsync(new CreateFirstCompany.Command("Acme Builders", AdminEmail, "Olivia Owner", AdminPassword), CancellationToken.None);
    }

    /// <summary>The setup code start-up logged while no company existed, as a person reads it off the log.</summary>
    public static string SetupCodeFromLog(this AppFactory app)
    {
        _ = app.Services;
        var logged = app.Logs.Entries.Single(e => e.Message.StartsWith("No company exists yet.", StringComparison.Ordinal));
        return SetupCodePattern().Match(logged.Message).Value;
    }

    /// <summary>Posts a form and expects the Post-Redirect-Get of a success.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this Browser browser, string path, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var response = await browser.PostAsync(path, fields, formPage ?? path.Split('?')[0]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"POST {path}: {WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())}");
        return response;
    }

    public static string? Alert(string html)
    {
        var match = AlertPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("[A-Z0-9]{5}(?:-[A-Z0-9]{5}){3}")]
    private static partial Regex SetupCodePattern();

    [GeneratedRegex("<div class=\"alert (?:success|error)\" role=\"(?:status|alert)\">([^<]*)</div>")]
    private static partial Regex AlertPattern();
}
