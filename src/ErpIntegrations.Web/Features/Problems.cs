using System.Text.Json;
using System.Text.RegularExpressions;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// The record does not exist, or belongs to another company (which must look the same).
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

public class ForbiddenException(string message) : Exception(message);

// The person signed in with a password a Directory Admin set, and must choose their own first: pages send them to
// /set-password, the API refuses.
public sealed class PasswordChangeRequiredException() : ForbiddenException(AppSignInManager.PasswordChangeRequiredMessage);

public sealed class InputException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public InputException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

// The credentials a client sent do not identify anyone (or the account is locked).
public sealed class UnauthorizedException(string message) : Exception(message);

internal static partial class Problems
{
    public const string ConcurrentChange = "Someone else changed this at the same moment. Reload to see the current state, then try again.";

    public const string DuplicateSave = "Someone else saved the same thing at the same moment, and it can exist only once. Reload to see the current state, then try again.";

    // A unique index refused the save: two requests passed the same "is it taken?" check at once, and the database
    // kept the second out. That is a lost race (409), never a server error; a primary key violation stays a 500.
    public static bool IsUniqueViolation(DbUpdateException exception) => DatabaseFailureLog.IsUniqueViolation(exception.InnerException);

    public static ProblemDetails? For(Exception exception) => exception switch
    {
        InputException input => new ValidationProblemDetails(input.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Detail = input.Message,
        },
        ForbiddenException forbidden => Forbidden(forbidden.Message),
        NotFoundException notFound => NotFound(notFound.Message),
        DomainRuleException rule => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "This action is not allowed now.", Detail = rule.Message },
        DbUpdateConcurrencyException => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "This action is not allowed now.", Detail = ConcurrentChange },
        DbUpdateException duplicate when IsUniqueViolation(duplicate) => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "This action is not allowed now.", Detail = DuplicateSave },
        UnauthorizedException unauthorized => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "The credentials are not valid.", Detail = unauthorized.Message },
        // The ERP could not answer what the request needed: down or slow (503, try again later) or it refused (502).
        ErpException erp => new ProblemDetails
        {
            Status = erp.IsTransient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
            Title = erp.IsTransient ? "The ERP is not answering at the moment." : "The ERP refused the request.",
            Detail = erp.Message,
        },
        BadHttpRequestException { InnerException: JsonException json } => Invalid(JsonField(json.Path), json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong type."
            : "The request body is not valid JSON."),
        BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } failure =>
            Invalid(failure.Groups[1].Value, $"\"{failure.Groups[2].Value}\" is not a valid value."),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
        _ => null,
    };

    public static ProblemDetails Forbidden(string refusal) =>
        new() { Status = StatusCodes.Status403Forbidden, Title = "You do not have permission to do this.", Detail = refusal };

    public static ProblemDetails NotFound(string detail) =>
        new() { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = detail };

    private static ValidationProblemDetails Invalid(string field, string error) =>
        new(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Detail = error,
        };

    // "$.ids[2]" → "ids"; the body itself when the JSON breaks before any field.
    private static string JsonField(string? path)
    {
        var field = path?.TrimStart('$', '.') ?? "";
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        field = bracket >= 0 ? field[..bracket] : field;
        return field.Length == 0 ? "body" : field;
    }

    [GeneratedRegex("^Failed to bind parameter \"[^\"]*?(\\w+)\" from \"(.*)\"\\.$")]
    private static partial Regex BindFailure();

    public static string? MessageFor(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => ConcurrentChange,
        DbUpdateException duplicate when IsUniqueViolation(duplicate) => DuplicateSave,
        InputException or ForbiddenException or NotFoundException or DomainRuleException or UnauthorizedException or ErpException => exception.Message,
        _ => null,
    };
}

internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string ErrorMessageKey = "erp:error-message";

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Problems.For(exception);
        if (!IsApi(httpContext.Request))
        {
            // A page: leave the body empty so that the status code page renders a readable message. Reporting the
            // exception as handled keeps ASP.NET Core from logging it, so a genuine server error is logged here.
            if (problem is null)
            {
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            }

            httpContext.Response.StatusCode = problem?.Status ?? StatusCodes.Status500InternalServerError;
            httpContext.Items[ErrorMessageKey] = problem is null ? null : Problems.MessageFor(exception);
            return true;
        }

        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An unhandled exception answered {Method} {Path} with the 500 page.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

internal static class LostRaces
{
    // Saves; when a unique index refuses the save (another request committed the same thing since this one's
    // check), asks explain for the use case's own refusal and throws it, or else rethrows.
    public static async Task SaveChangesOrExplainAsync(this DbContext db, Func<Task<Exception?>> explain, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // PostgreSQL takes no more statements in a transaction after a failed one: the explanation reads outside it.
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            if (await explain() is { } refusal)
            {
                throw refusal;
            }

            throw;
        }
    }
}
