using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ErpIntegrations.Agent;

/// <summary>An ERP request as the connector API hands it out.</summary>
public sealed record ErpRequest(
    Guid Id,
    string State,
    Guid? LeaseId,
    DateTime? LeaseExpiresAt,
    int Attempt,
    string JobErpId,
    string ErpSubJobId,
    SubJob SubJob,
    string AcceptedBy,
    DateTime AcceptedAt,
    string? ErpRecordId,
    IReadOnlyList<string> Messages);

/// <summary>The sub job to write.</summary>
public sealed record SubJob(Guid Id, string Code, string Description, IReadOnlyList<CostCode> CostCodes);

/// <summary>A cost code of the sub job.</summary>
public sealed record CostCode(string Code, string Description);

/// <summary>What the connector API refused, with its problem details.</summary>
public sealed class ConnectorApiException(HttpStatusCode status, string problem)
    : Exception($"The connector API answered {(int)status}: {problem}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>The connector API of ERP Integrations (/api/v1/connector/…), called with a connector credential.</summary>
public sealed class ConnectorClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    /// <summary>Uses <paramref name="http"/>, whose BaseAddress is ERP Integrations' address.</summary>
    public ConnectorClient(HttpClient http, string credential)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);

        // A long poll holds the request up to its wait; the client must wait longer.
        _http.Timeout = TimeSpan.FromSeconds(90);
    }

    /// <summary>Claims up to <paramref name="max"/> pending requests, waiting up to <paramref name="wait"/> for one.</summary>
    public async Task<IReadOnlyList<ErpRequest>> ClaimAsync(int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/connector/erp-requests/claim", new { max, waitSeconds = wait.TotalSeconds }, Json, cancellationToken);
        var result = await ReadAsync<ClaimResult>(response, cancellationToken);
        return result.Items;
    }

    /// <summary>Says the record was written, with the ERP's id of it.</summary>
    public async Task<ErpRequest> CompleteAsync(ErpRequest request, string erpRecordId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await _http.PostAsJsonAsync($"api/v1/connector/erp-requests/{request.Id}/complete", new { leaseId = request.LeaseId, erpRecordId }, Json, cancellationToken);
        return await ReadAsync<ErpRequest>(response, cancellationToken);
    }

    /// <summary>Says the record could not be written: transient (try again later) or not, with messages for the approver.</summary>
    public async Task<ErpRequest> FailAsync(ErpRequest request, bool transient, IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await _http.PostAsJsonAsync($"api/v1/connector/erp-requests/{request.Id}/fail", new { leaseId = request.LeaseId, transient, messages }, Json, cancellationToken);
        return await ReadAsync<ErpRequest>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) ?? throw new InvalidOperationException("The connector API answered nothing.");
    }

    private sealed record ClaimResult(IReadOnlyList<ErpRequest> Items);
}
