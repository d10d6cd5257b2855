namespace ErpIntegrations.Agent;

/// <summary>What the ERP answered when a record could not be written.</summary>
public sealed record ErpRefusal(bool Transient, string Message);

/// <summary>
/// The reference agent: claims ERP requests with the long poll, writes each into the ledger exactly once (looked up by the
/// sub job id), then completes it with the ledger's record id, or fails it with the ERP's words.
/// </summary>
public sealed class ReferenceAgent(ConnectorClient api, Ledger ledger)
{
    /// <summary>How many requests one claim takes.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>How long one claim waits for a request (the long poll).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stands in for an ERP that refuses a write: return a refusal to fail the request instead of writing it.</summary>
    public Func<ErpRequest, ErpRefusal?>? Refuse { get; init; }

    /// <summary>Runs between the write and the answer: a crash there leaves a written record whose lease runs out.</summary>
    public Func<ErpRequest, Task>? AfterWrite { get; init; }

    /// <summary>Writes the output of the agent (one line per request).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Claims once (waiting up to <see cref="Wait"/>) and handles what was claimed.</summary>
    /// <returns>The requests as the connector API answered them.</returns>
    public async Task<IReadOnlyList<ErpRequest>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await api.ClaimAsync(BatchSize, Wait, cancellationToken);
        var answered = new List<ErpRequest>();
        foreach (var request in claimed)
        {
            answered.Add(await HandleAsync(request, cancellationToken));
        }

        return answered;
    }

    /// <summary>Claims and handles requests until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or ConnectorApiException or TaskCanceledException)
            {
                await Log.WriteLineAsync($"claim failed, retrying in 5 s: {ex.Message}");
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }
        }
    }

    /// <summary>Writes one claimed request into the ledger and answers.</summary>
    public async Task<ErpRequest> HandleAsync(ErpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refuse?.Invoke(request) is { } refusal)
        {
            await Log.WriteLineAsync($"{request.Id} {request.ErpSubJobId}: refused ({(refusal.Transient ? "transient" : "permanent")}): {refusal.Message}");
            return await api.FailAsync(request, refusal.Transient, [refusal.Message], cancellationToken);
        }

        var (recordId, written) = ledger.WriteOnce(request);
        if (AfterWrite is not null)
        {
            await AfterWrite(request);
        }

        await Log.WriteLineAsync($"{request.Id} {request.JobErpId}/{request.ErpSubJobId}: {(written ? "written" : "already in the ledger")} as {recordId}");
        return await api.CompleteAsync(request, recordId, cancellationToken);
    }
}
