using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Api;

/// <summary>The document and its pages read no company's data: every test runs on the one shared app.</summary>
public sealed partial class OpenApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task TheDocument_DescribesEveryEndpoint_WithTheBearerScheme()
    {
        var app = shared.App;
        var document = await ApiClient.Anonymous(app).GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var operations = Operations(document).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();
        operations.ShouldBe(
            [
                "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{tokenId}",
                "GET /api/v1/erp/sub-jobs", "GET /api/v1/erp/sub-jobs/counts", "GET /api/v1/erp/sub-jobs/{id}", "POST /api/v1/erp/sub-jobs/{id}/accept",
                "POST /api/v1/erp/sub-jobs/{id}/reject", "POST /api/v1/erp/sub-jobs/{id}/retry", "POST /api/v1/erp/sub-jobs/bulk-accept",
                "POST /api/v1/erp/sub-jobs/bulk-reject", "POST /api/v1/erp/sub-jobs/import", "GET /api/v1/erp/connection",
                "GET /api/v1/sandbox-erp/jobs", "GET /api/v1/projects", "GET /api/v1/cost-codes",
                "GET /api/v1/projects/{projectId}/sub-jobs", "POST /api/v1/projects/{projectId}/sub-jobs",
                "GET /api/v1/sub-jobs/{id}", "PATCH /api/v1/sub-jobs/{id}", "POST /api/v1/sub-jobs/{id}/send-to-erp",
                "POST /api/v1/sub-jobs/{id}/retrieve-from-erp", "POST /api/v1/sub-jobs/{id}/resend-to-erp",
                "GET /api/v1/directory/users", "PUT /api/v1/directory/users/{userId}/accounting-approver",
                "POST /api/v1/directory/users", "GET /api/v1/directory/users/{userId}", "PUT /api/v1/directory/users/{userId}/access",
                "PUT /api/v1/directory/users/{userId}/projects/{projectId}", "POST /api/v1/directory/users/{userId}/deactivate",
                "POST /api/v1/directory/users/{userId}/reactivate", "POST /api/v1/directory/users/{userId}/set-password-link",
                "POST /api/v1/projects", "GET /api/v1/projects/{projectId}", "PATCH /api/v1/projects/{projectId}",
                "PUT /api/v1/projects/{projectId}/erp-job", "DELETE /api/v1/projects/{projectId}/erp-job", "GET /api/v1/erp/jobs",
                "GET /api/v1/cost-codes/all", "GET /api/v1/cost-codes/{costCodeId}", "POST /api/v1/cost-codes",
                "PATCH /api/v1/cost-codes/{costCodeId}", "POST /api/v1/cost-codes/{costCodeId}/deactivate",
                "POST /api/v1/cost-codes/{costCodeId}/reactivate", "GET /api/v1/erp/connection/settings",
                "PUT /api/v1/erp/connection", "POST /api/v1/erp/connection/test", "POST /api/v1/sandbox-erp/jobs",
                "POST /api/v1/erp/connection/credentials", "GET /api/v1/erp/connection/credentials",
                "DELETE /api/v1/erp/connection/credentials/{id}", "POST /api/v1/erp/connection/webhook-secret",
                "GET /api/v1/connector/erp-requests", "GET /api/v1/connector/erp-requests/{id}", "POST /api/v1/connector/erp-requests/claim",
                "POST /api/v1/connector/erp-requests/{id}/complete", "POST /api/v1/connector/erp-requests/{id}/fail",
                "PUT /api/v1/connector/jobs", "PUT /api/v1/connector/staged-sub-jobs",
            ],
            ignoreOrder: true);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ConnectorCredential").GetProperty("scheme").GetString().ShouldBe("bearer");
        var claim = paths.GetProperty("/api/v1/connector/erp-requests/claim").GetProperty("post");
        claim.GetProperty("tags")[0].GetString().ShouldBe("Connector API");
        claim.GetProperty("security")[0].TryGetProperty("ConnectorCredential", out _).ShouldBeTrue("connector routes take a connector credential, not a person's token");
        document.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Connector API")
            .GetProperty("description").GetString()!.ShouldContain("X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256");

        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses");
            responses.TryGetProperty("401", out var unauthorized).ShouldBeTrue($"{method} {path} documents 401");
            unauthorized.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();
            var secured = operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
            secured.ShouldBe(!(method == "post" && path == "/api/v1/tokens"), $"{method} {path} security");
        }

        var accept = paths.GetProperty("/api/v1/erp/sub-jobs/{id}/accept").GetProperty("post");
        accept.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").ValueKind.ShouldBe(JsonValueKind.Object);
        foreach (var status in new[] { "202", "400", "403", "404", "409" })
        {
            accept.GetProperty("responses").TryGetProperty(status, out _).ShouldBeTrue($"accept documents {status}");
        }

        foreach (var decision in new[] { "/api/v1/erp/sub-jobs/{id}/accept", "/api/v1/erp/sub-jobs/{id}/reject", "/api/v1/erp/sub-jobs/{id}/retry", "/api/v1/erp/sub-jobs/bulk-accept", "/api/v1/erp/sub-jobs/bulk-reject" })
        {
            paths.GetProperty(decision).GetProperty("post").GetProperty("description").GetString()!
                .ShouldContain("Send version: the sub job's version you reviewed", customMessage: $"{decision} tells scripts to send the version they reviewed");
        }

        paths.GetProperty("/api/v1/tokens").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/erp/sub-jobs").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Fact]
    public async Task NestedRecordsOfDifferentUseCases_HaveTheirOwnSchemas()
    {
        var app = shared.App;
        var document = await ApiClient.Anonymous(app).GetJsonAsync("/openapi/v1.json");

        PropertyNames(document, RequestBody(document, "/api/v1/erp/sub-jobs/{id}/reject", "post")).ShouldBe(["reason", "version"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/erp/sub-jobs/bulk-reject", "post")).ShouldBe(["ids", "items", "reason"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/erp/sub-jobs/{id}/accept", "post")).ShouldBe(["erpJobId", "version"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/erp/sub-jobs/{id}/retry", "post")).ShouldBe(["version"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/erp/sub-jobs/bulk-accept", "post")).ShouldBe(["ids", "items"], ignoreOrder: true);
        PropertyNames(document, Response(document, "/api/v1/erp/sub-jobs/{id}", "get", "200")).ShouldContain("version");
        PropertyNames(document, RequestBody(document, "/api/v1/projects/{projectId}/sub-jobs", "post")).ShouldBe(["code", "description", "costCodes"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/cost-codes", "post")).ShouldBe(["code", "description"], ignoreOrder: true);
        PropertyNames(document, RequestBody(document, "/api/v1/projects", "post")).ShouldBe(["number", "name"], ignoreOrder: true);

        PropertyNames(document, Response(document, "/api/v1/tokens", "post", "201")).ShouldContain("token");
        PropertyNames(document, Response(document, "/api/v1/directory/users/{userId}", "get", "200")).ShouldNotContain("token");
        PropertyNames(document, Response(document, "/api/v1/erp/jobs", "get", "200")).ShouldContain("erpName");

        var references = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();
        references.ShouldContain("ErpSubJobsRejectBody");
        references.ShouldContain("ProjectSubJobsCreateBody");
        references.ShouldContain("CostCodesCreateBody");
        references.ShouldContain("ProjectsCreateBody");
        references.ShouldNotContain("Body");
        references.ShouldNotContain("Result");
        references.ShouldNotContain("Row");
    }

    [Fact]
    public async Task TransitionsWithABody_DocumentValidation_AndTheListDocumentsItsQueryValues()
    {
        var app = shared.App;
        var document = await ApiClient.Anonymous(app).GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var transition in new[] { "send-to-erp", "retrieve-from-erp", "resend-to-erp" })
        {
            var responses = paths.GetProperty($"/api/v1/sub-jobs/{{id}}/{transition}").GetProperty("post").GetProperty("responses");
            responses.TryGetProperty("400", out var invalid).ShouldBeTrue($"{transition} documents 400");
            invalid.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();
        }

        var parameters = paths.GetProperty("/api/v1/erp/sub-jobs").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        parameters["filter"].GetProperty("enum").Strings().ShouldBe(["ready_to_export", "failed_to_export", "synced", "ready_to_import"]);
        parameters["limit"].GetProperty("minimum").GetInt32().ShouldBe(1);
        parameters["limit"].GetProperty("maximum").GetInt32().ShouldBe(100);
        parameters["search"].GetProperty("maxLength").GetInt32().ShouldBe(200);
        parameters["sort"].GetProperty("enum").Strings().ShouldBe(["newest", "oldest", "project", "code"]);
    }

    [Fact]
    public async Task EveryOperationButCreateToken_Answers401WithoutAToken()
    {
        var app = shared.App;
        var api = ApiClient.Anonymous(app);
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var checkedOperations = 0;

        foreach (var (path, method, _) in Operations(document))
        {
            if (method == "post" && path == "/api/v1/tokens")
            {
                continue;
            }

            var url = PathParameter().Replace(path, Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            if (method is "post" or "put" or "patch")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await api.Client.SendAsync(request);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {url}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {url}");
            checkedOperations++;
        }

        checkedOperations.ShouldBe(58);
    }

    /// <summary>
    /// Redocly's recommended lint, the rules it reports as errors and the warnings the product asked to clear, checked
    /// in C# on the served document (so CI needs no npm): a server URL without a trailing slash, security declared on
    /// every operation with schemes the document defines and <c>security: []</c> on the anonymous token route, a
    /// summary and a unique operationId on each, every path parameter declared, a 2xx and a 4xx response, a licence
    /// (name and SPDX identifier) and a contact, and every tag declared with a description.
    /// </summary>
    [Fact]
    public async Task TheDocument_PassesRedoclysRecommendedRules()
    {
        var document = await ApiClient.Anonymous(shared.App).GetJsonAsync("/openapi/v1.json");

        var servers = document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).ToList();
        servers.ShouldNotBeEmpty();
        servers.ShouldAllBe(url => !url.EndsWith('/'));

        var info = document.GetProperty("info");
        var license = info.GetProperty("license");
        license.GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace();
        (license.TryGetProperty("url", out _) || license.TryGetProperty("identifier", out _)).ShouldBeTrue("info-license-strict");
        info.GetProperty("contact").GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace();

        var tags = document.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t);
        tags.ShouldNotBeEmpty();
        foreach (var (name, tag) in tags)
        {
            (tag.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString())).ShouldBeTrue($"tag {name} has a description");
        }

        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToHashSet();
        var rootSecurity = document.TryGetProperty("security", out _);
        var operationIds = new HashSet<string>();
        var anonymous = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            path.Length.ShouldBeGreaterThan(1);
            path.EndsWith('/').ShouldBeFalse($"{name}: no-path-trailing-slash");
            (operation.TryGetProperty("security", out var security) || rootSecurity).ShouldBeTrue($"{name}: security-defined");
            if (security.ValueKind == JsonValueKind.Array && security.GetArrayLength() == 0)
            {
                anonymous.Add(name);
            }

            foreach (var requirement in security.ValueKind == JsonValueKind.Array ? security.EnumerateArray() : default)
            {
                requirement.EnumerateObject().ShouldAllBe(r => schemes.Contains(r.Name), $"{name}: security names a defined scheme");
            }

            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace($"{name}: operation-summary");
            if (operation.TryGetProperty("operationId", out var id))
            {
                operationIds.Add(id.GetString()!).ShouldBeTrue($"{name}: operation-operationId-unique");
            }

            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).ToHashSet()
                : [];
            PathParameter().Matches(path).Select(m => m.Value[1..^1]).ToHashSet().ShouldBe(declared, ignoreOrder: true, $"{name}: path-parameters-defined");

            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            statuses.ShouldContain(s => s.StartsWith('2'), $"{name}: operation-2xx-response");
            statuses.ShouldContain(s => s.StartsWith('4'), $"{name}: operation-4xx-response");
            operation.GetProperty("tags").EnumerateArray().ShouldAllBe(t => tags.ContainsKey(t.GetString()!), $"{name}: its tags are declared");
        }

        anonymous.ShouldBe(["POST /api/v1/tokens"]);
    }

    [Fact]
    public async Task Scalar_RendersFromItsBundledAssets_WithoutACdn()
    {
        var app = shared.App;
        var api = ApiClient.Anonymous(app);

        var page = await api.GetAsync("/scalar/v1");
        var html = await page.JsonTextAsync();

        html.ShouldContain("ERP Integrations API");
        html.ShouldNotContain("cdn.jsdelivr");
        html.ShouldNotContain("https://");
        var scripts = Html.Parse(html).QuerySelectorAll("script[src]").Select(e => e.GetAttribute("src")!).ToList();
        scripts.ShouldNotBeEmpty();
        foreach (var script in scripts)
        {
            var url = script.StartsWith('/') ? script : $"/scalar/{script}";
            var asset = await api.GetAsync(url);
            asset.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            (await asset.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000, url);
        }
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => Methods.Contains(op.Name))
            .Select(op => (path.Name, op.Name, op.Value)));

    private static JsonElement RequestBody(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

    private static JsonElement Response(JsonElement document, string path, string method, string status) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

    private static List<string> PropertyNames(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var nullable))
        {
            schema = nullable.EnumerateArray().Single(s => s.TryGetProperty("$ref", out _));
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }

        return [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex PathParameter();

}

internal static class HtmlResponse
{
    public static async Task<string> JsonTextAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return text;
    }
}
