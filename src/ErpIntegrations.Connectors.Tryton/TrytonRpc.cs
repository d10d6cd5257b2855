using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace ErpIntegrations.Connectors.Tryton;

internal sealed record TrytonSession(int UserId, string Token, int CompanyId, string CompanyName);

// Shared by every connector of the process: a connector is made per request, and signing in on every request would
// cost a login each time (and Tryton slows repeated logins down on purpose).
internal sealed class TrytonSessions
{
    private readonly ConcurrentDictionary<string, TrytonSession> _sessions = new();

    public TrytonSession? Find(TrytonSettings settings) => _sessions.GetValueOrDefault(Key(settings));

    public void Remember(TrytonSettings settings, TrytonSession session) => _sessions[Key(settings)] = session;

    public void Forget(TrytonSettings settings, TrytonSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, TrytonSession>(Key(settings), session));

    // The password is part of the key so that a changed password signs in again instead of riding an old session.
    private static string Key(TrytonSettings settings) =>
        string.Join('\n', settings.Url.Trim(), settings.Database, settings.Username, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(settings.Password))));
}

internal sealed class TrytonRpc(HttpClient http, TrytonSessions sessions, TrytonSettings settings, TrytonConnectorOptions options, ILogger logger)
{
    private int _nextId;

    public TrytonSettings Settings => settings;

    public ILogger Logger => logger;

    public async Task<TrytonSession> SessionAsync(CancellationToken cancellationToken) =>
        sessions.Find(settings) ?? await LoginAsync(cancellationToken);

    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        var answer = await PostAsync(settings.DatabaseEndpoint, method, WithContext(parameters, session), session, cancellationToken);
        if (answer.Status != HttpStatusCode.Unauthorized)
        {
            return Result(answer, method);
        }

        // Tryton ends sessions after a time without use (and on restart of a server without a session store): sign in
        // once more and repeat the call; a second refusal is the account's, not the session's.
        logger.LogInformation("Tryton session of {User} on {Database} ended; signing in again", settings.Username, settings.Database);
        sessions.Forget(settings, session);
        session = await LoginAsync(cancellationToken);
        answer = await PostAsync(settings.DatabaseEndpoint, method, WithContext(parameters, session), session, cancellationToken);
        return answer.Status == HttpStatusCode.Unauthorized
            ? throw new TrytonException($"Tryton refused user {settings.Username} access to {method} right after signing in.", isTransient: false)
            : Result(answer, method);
    }

    private async Task<TrytonSession> LoginAsync(CancellationToken cancellationToken)
    {
        const string login = "common.db.login";
        var answer = await PostAsync(
            settings.DatabaseEndpoint,
            login,
            [settings.Username, new JsonObject { ["password"] = settings.Password }, "en"],
            session: null,
            cancellationToken);
        switch (answer.Status)
        {
            case HttpStatusCode.Unauthorized:
            case HttpStatusCode.Forbidden:
                throw new TrytonException($"Tryton refused the user name or password: user {settings.Username} could not sign in to database {settings.Database}.", isTransient: false);
            case HttpStatusCode.TooManyRequests:
                throw new TrytonException($"Tryton refuses sign-ins of user {settings.Username} for now, after too many failed attempts; try again later.", isTransient: true);
            case HttpStatusCode.NotFound:
                throw await UnknownDatabaseAsync(cancellationToken);
        }

        if (answer.Error is { } error && IsUnknownDatabase(error))
        {
            throw await UnknownDatabaseAsync(cancellationToken);
        }

        var result = Result(answer, login);
        if (result.ValueKind != JsonValueKind.Array || result.GetArrayLength() != 2 || result[0].ValueKind != JsonValueKind.Number || result[1].ValueKind != JsonValueKind.String)
        {
            throw new TrytonException($"Tryton refused the user name or password: user {settings.Username} could not sign in to database {settings.Database}.", isTransient: false);
        }

        var signedIn = new TrytonSession(result[0].GetInt32(), result[1].GetString()!, CompanyId: 0, CompanyName: "");
        const string preferences = "model.res.user.get_preferences";
        var answerPreferences = await PostAsync(settings.DatabaseEndpoint, preferences, [true, new JsonObject()], signedIn, cancellationToken);
        var values = Result(answerPreferences, preferences);
        if (!values.TryGetProperty("company", out var company) || company.ValueKind != JsonValueKind.Number)
        {
            throw new TrytonException($"Tryton user {settings.Username} has no current company; choose one in the user's preferences in Tryton.", isTransient: false);
        }

        var companyName = values.TryGetProperty("company.rec_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : $"company {company.GetInt32()}";
        var session = signedIn with { CompanyId = company.GetInt32(), CompanyName = companyName };
        sessions.Remember(settings, session);
        return session;
    }

    private async Task<TrytonException> UnknownDatabaseAsync(CancellationToken cancellationToken)
    {
        // A 404 at login means either a Tryton without that database or a server that is not Tryton at all; its
        // version call tells them apart, so the message points at the right setting.
        var version = await PostAsync(settings.ServerEndpoint, "common.server.version", [], session: null, cancellationToken);
        return version.Status == HttpStatusCode.OK && version.Result?.ValueKind == JsonValueKind.String
            ? new TrytonException($"Tryton at {settings.ServerEndpoint} has no database named \"{settings.Database}\".", isTransient: false)
            : new TrytonException($"The server at {settings.ServerEndpoint} does not answer as a Tryton server does; check the URL.", isTransient: false);
    }

    private static bool IsUnknownDatabase(JsonElement error) =>
        error.ValueKind == JsonValueKind.Array && error.GetArrayLength() > 0 && error[0].ValueKind == JsonValueKind.String
        && error[0].GetString()!.Contains("doesn't exist", StringComparison.Ordinal)
        && error[0].GetString()!.StartsWith("Database ", StringComparison.Ordinal);

    private static JsonArray WithContext(JsonArray parameters, TrytonSession session)
    {
        var copy = (JsonArray)parameters.DeepClone();
        copy.Add(new JsonObject { ["company"] = session.CompanyId, ["language"] = "en" });
        return copy;
    }

    private JsonElement Result(Answer answer, string method)
    {
        if (answer.Status != HttpStatusCode.OK)
        {
            var code = (int)answer.Status;
            throw code >= 500 || answer.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                ? new TrytonException($"Tryton at {settings.ServerEndpoint} answered HTTP {code} ({answer.Status}) to {method}; it may be restarting or overloaded.", isTransient: true)
                : new TrytonException($"Tryton at {settings.ServerEndpoint} answered HTTP {code} ({answer.Status}) to {method}.", isTransient: false);
        }

        if (answer.Error is { } error)
        {
            throw Failure(error, method);
        }

        return answer.Result ?? throw new TrytonException($"The server at {settings.ServerEndpoint} does not answer as a Tryton server does; check the URL.", isTransient: false);
    }

    private TrytonException Failure(JsonElement error, string method)
    {
        string? Text(JsonElement e, int i) =>
            e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > i && e[i].ValueKind == JsonValueKind.String ? e[i].GetString() : null;

        var kind = Text(error, 0);
        var details = error.ValueKind == JsonValueKind.Array && error.GetArrayLength() > 1 ? error[1] : default;
        switch (kind)
        {
            case "UserError":
                var description = Text(details, 1);
                return new TrytonException(
                    string.IsNullOrWhiteSpace(description) ? Text(details, 0) ?? "Tryton refused the request." : $"{Text(details, 0)} {description}",
                    isTransient: false)
                {
                    IsUserError = true,
                };
            case "UserWarning":
                return new TrytonException(Text(details, 1) ?? "Tryton asks for a confirmation that ERP Integrations cannot give.", isTransient: false);
            case "ConcurrencyException":
                return new TrytonException(
                    details.ValueKind == JsonValueKind.String ? $"Tryton: {details.GetString()}" : "Tryton: the record was changed by someone else at the same time.",
                    isTransient: true);
            case "LoginException":
                return new TrytonException($"Tryton asks user {settings.Username} for more than a password to sign in; use a user that signs in with a password alone.", isTransient: false);
            default:
                // Anything else is an exception inside Tryton (the JSON-RPC form of an HTTP 500), e.g. "database is locked".
                var first = (kind ?? error.ToString()).Split('\n', 2)[0];
                logger.LogWarning("Tryton failed on {Method}: {Error}", method, first);
                return new TrytonException($"Tryton failed on {method}: {first}", isTransient: true);
        }
    }

    private async Task<Answer> PostAsync(Uri endpoint, string method, JsonArray parameters, TrytonSession? session, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (session is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Session", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{session.UserId}:{session.Token}")));
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Answer(response.StatusCode, null, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Answer(response.StatusCode, null, null);
            }

            return new Answer(
                response.StatusCode,
                root.TryGetProperty("result", out var result) ? result.Clone() : null,
                root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null ? error.Clone() : null);
        }
        catch (JsonException)
        {
            throw new TrytonException($"The server at {settings.ServerEndpoint} does not answer as a Tryton server does (its answer is not JSON-RPC); check the URL.", isTransient: false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TrytonException($"Tryton at {settings.ServerEndpoint} did not answer {method} within {options.RequestTimeout.TotalSeconds:0.#} s.", isTransient: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TrytonException($"Could not reach Tryton at {settings.ServerEndpoint}: {ex.Message}", isTransient: true, ex);
        }
    }

    private sealed record Answer(HttpStatusCode Status, JsonElement? Result, JsonElement? Error);
}
