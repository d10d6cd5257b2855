using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Api;

/// <summary>A JSON API client holding a personal access token issued through POST /api/v1/tokens.</summary>
public sealed class ApiClient(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static async Task<ApiClient> ForAsync(AppFactory app, string email, string password = "Demo123!")
    {
        var api = Anonymous(app);
        var response = await api.PostJsonAsync("/api/v1/tokens", new { email, password, name = "tests" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, $"a token for {email}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    public static ApiClient Anonymous(AppFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = app.ClientOptions.BaseAddress }));

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body = null) => Client.PostAsJsonAsync(path, body ?? new { });

    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, object body) =>
        Client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    /// <summary>Sends the text as it is, for bodies no serializer would write.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public static class ApiAssert
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An RFC 9457 problem with this status; for 400, with an error for each of these fields.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var problem = await response.JsonAsync(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        foreach (var field in fields)
        {
            problem.GetProperty("errors").TryGetProperty(field, out var errors).ShouldBeTrue($"an error for {field} in {problem}");
            errors.GetArrayLength().ShouldBeGreaterThan(0);
        }

        return problem;
    }

    public static List<string> Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

public static class ApiData
{
    public static async Task<Guid> SubJobIdAsync(this AppFactory app, string code, string company = DemoData.Demo)
    {
        var owner = await app.CompanyAsync(company);
        return await app.WithDbAsync(owner.Id, db => db.SubJobs.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
    }

    public static async Task<Guid> ProjectIdAsync(this AppFactory app, string number, string company = DemoData.Demo)
    {
        var owner = await app.CompanyAsync(company);
        return await app.WithDbAsync(owner.Id, db => db.Projects.Where(p => p.Number == number).Select(p => p.Id).SingleAsync());
    }

    public static Task<List<ApiToken>> TokensAsync(this AppFactory app) =>
        app.WithDbAsync(Guid.Empty, db => db.ApiTokens.IgnoreQueryFilters().AsNoTracking().ToListAsync());
}
