using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;

/// <summary>
/// What a Tryton user does by hand, over plain JSON-RPC and apart from the connector: sets up jobs and accounts that
/// are not ours, and reads what Tryton holds so tests assert Tryton's state, not the connector's word for it.
/// </summary>
public sealed class TrytonAdmin(string url, string database)
{
    private const string Account = "model.analytic_account.account";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private string? _authorization;

    public async Task<int> CreateRootAsync(string code, string name)
    {
        var ids = await CallAsync($"{Account}.create", [new JsonArray(new JsonObject { ["code"] = code, ["name"] = name, ["type"] = "root", ["state"] = "opened", ["company"] = 1 })]);
        return ids[0].GetInt32();
    }

    public async Task<int> CreateJobAsync(string code, string name, string rootCode = TrytonFixture.RootCode)
    {
        var root = (await SearchAsync([new JsonArray("type", "=", "root"), new JsonArray("code", "=", rootCode)])).Single();
        return await CreateAccountAsync(root.Id, root.Id, code, name, "view");
    }

    public async Task<int> CreateAccountAsync(int root, int parent, string code, string name, string type, string? note = null)
    {
        var values = new JsonObject
        {
            ["code"] = code, ["name"] = name, ["type"] = type, ["state"] = "opened", ["company"] = 1, ["root"] = root, ["parent"] = parent, ["note"] = note,
        };
        var ids = await CallAsync($"{Account}.create", [new JsonArray(values)]);
        return ids[0].GetInt32();
    }

    /// <summary>A further user of the company with the admin user's groups, as Tryton's administrator would add one.</summary>
    public async Task<int> CreateUserAsync(string login, string password)
    {
        var admin = await CallAsync("model.res.user.search_read", [new JsonArray(new JsonArray("login", "=", "admin")), 0, null, null, new JsonArray("groups")]);
        var groups = new JsonArray([.. admin[0].GetProperty("groups").EnumerateArray().Select(g => (JsonNode)g.GetInt32())]);
        var ids = await CallAsync("model.res.user.create", [new JsonArray(new JsonObject
        {
            ["name"] = login, ["login"] = login, ["password"] = password, ["company"] = 1,
            ["companies"] = new JsonArray(new JsonArray("add", new JsonArray(1))), ["groups"] = new JsonArray(new JsonArray("add", groups)),
        })]);
        return ids[0].GetInt32();
    }

    public async Task<TrytonAccount> JobAsync(string code) =>
        (await SearchAsync([new JsonArray("code", "=", code), new JsonArray("parent.type", "=", "root")])).Single();

    public Task<IReadOnlyList<TrytonAccount>> ChildrenAsync(int parent) => SearchAsync([new JsonArray("parent", "=", parent)]);

    public Task<IReadOnlyList<TrytonAccount>> AccountsCodedAsync(string code) => SearchAsync([new JsonArray("code", "ilike", code)]);

    private async Task<IReadOnlyList<TrytonAccount>> SearchAsync(JsonArray domain)
    {
        var rows = await CallAsync($"{Account}.search_read", [domain, 0, null, new JsonArray(new JsonArray("id", "ASC")), new JsonArray("code", "name", "type", "state", "note", "root", "parent")]);
        return [.. rows.EnumerateArray().Select(r => new TrytonAccount(
            r.GetProperty("id").GetInt32(),
            r.GetProperty("code").GetString(),
            r.GetProperty("name").GetString()!,
            r.GetProperty("type").GetString()!,
            r.GetProperty("state").GetString()!,
            r.GetProperty("note").ValueKind == JsonValueKind.String ? r.GetProperty("note").GetString() : null,
            r.GetProperty("root").ValueKind == JsonValueKind.Number ? r.GetProperty("root").GetInt32() : r.GetProperty("id").GetInt32(),
            r.GetProperty("parent").ValueKind == JsonValueKind.Number ? r.GetProperty("parent").GetInt32() : null))];
    }

    public Task DeleteAccountAsync(int id) => CallAsync($"{Account}.delete", [new JsonArray(id)]);

    private async Task<JsonElement> CallAsync(string method, JsonArray parameters)
    {
        if (_authorization is null)
        {
            var session = await PostAsync("common.db.login", ["admin", new JsonObject { ["password"] = TrytonFixture.AdminPassword }, "en"], null);
            _authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{session[0].GetInt32()}:{session[1].GetString()}"));
        }

        parameters.Add(new JsonObject { ["company"] = 1 });
        return await PostAsync(method, parameters, _authorization);
    }

    private async Task<JsonElement> PostAsync(string method, JsonArray parameters, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}{database}/")
        {
            Content = new StringContent(new JsonObject { ["id"] = 1, ["method"] = method, ["params"] = parameters }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Session {authorization}");
        }

        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.TryGetProperty("result", out var result)
            ? result.Clone()
            : throw new InvalidOperationException($"Tryton refused {method}: {answer.RootElement}");
    }
}

public sealed record TrytonAccount(int Id, string? Code, string Name, string Type, string State, string? Note, int Root, int? Parent);
