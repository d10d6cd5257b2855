using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.Web.Data;

// The app's API as the bench drives it: a client signed in with a bearer token, and the bulk accept.
internal static class BenchApi
{
    // An API client of the app at address, with a new bearer token of the demo user given.
    public static async Task<HttpClient> SignInAsync(Uri address, string email)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
        using var issued = await http.PostAsJsonAsync("/api/v1/tokens", new { email, password = DemoSeeder.Password, name = "bench" });
        issued.EnsureSuccessStatusCode();
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // One POST /api/v1/erp/sub-jobs/bulk-accept (at most BulkItems.MaxItems ids); throws unless every sub job was accepted.
    public static async Task BulkAcceptAsync(HttpClient api, IEnumerable<Guid> ids)
    {
        using var answer = await api.PostAsJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new { ids });
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Bulk accept answered {(int)answer.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        var refused = json.RootElement.GetProperty("items").EnumerateArray().Where(i => !i.GetProperty("succeeded").GetBoolean()).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"Bulk accept refused {refused.Count} sub jobs, the first: {refused[0]}");
        }
    }
}
