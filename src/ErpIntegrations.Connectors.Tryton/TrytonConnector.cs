using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ErpIntegrations.Connectors.Tryton;

// Job costing in Tryton's analytic accounts: a job is a view account directly under an analytic root, a sub job a view
// account under its job (code = ERP Job ID, note = our reference), a cost code a normal account under its sub job.
// A connector is made for settings that cannot be used too (none yet, or invalid), because capabilities are asked of
// it regardless; every call then fails permanently with settingsProblem.
internal sealed partial class TrytonConnector(TrytonRpc? rpc, string? settingsProblem) : ITrytonConnector
{
    public const string DisplayName = "Tryton";

    // Tryton's Char fields are unbounded; these limits are the connector's, so that codes and names stay readable in
    // Tryton's account tree and fit the columns of the reports people print from it.
    public const int MaxCodeLength = 30;
    public const int MaxDescriptionLength = 100;

    private const string Account = "model.analytic_account.account";
    private const string ReferencePrefix = "ERP Integrations sub job ";

    public ErpCapabilities Capabilities { get; } = new(DisplayName, SupportsSubJobs: true, MaxCodeLength, MaxDescriptionLength, CanListSubJobs: true);

    private TrytonRpc Rpc => rpc ?? throw new TrytonException(settingsProblem!, isTransient: false);

    private TrytonSettings Settings => Rpc.Settings;

    public string ProposeErpSubJobId(ErpSubJobProposal subJob)
    {
        ArgumentNullException.ThrowIfNull(subJob);
        var proposal = new string([.. subJob.Code.ToUpperInvariant().Where(IsCodeCharacter)]);
        return proposal.Length > MaxCodeLength ? proposal[..MaxCodeLength] : proposal;
    }

    public string? ValidateErpSubJobId(string erpJobId)
    {
        if (string.IsNullOrWhiteSpace(erpJobId))
        {
            return "Enter the ERP Job ID.";
        }

        if (erpJobId.Length > MaxCodeLength)
        {
            return $"The ERP Job ID can be at most {MaxCodeLength} characters in {DisplayName}.";
        }

        // ASCII only: Tryton finds codes case-insensitively (ilike), and its SQLite back end folds the case of ASCII
        // letters alone, so a clash between "Bâti" and "BÂTI" would go unseen there.
        return ErpSubJobIdPattern().IsMatch(erpJobId)
            ? null
            : $"The ERP Job ID may hold only ASCII letters, digits, '-', '.' and '_', starting with a letter or digit, in {DisplayName}.";
    }

    public ValueTask<string> ProposeErpSubJobIdAsync(ErpSubJobProposal subJob, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProposeErpSubJobId(subJob));

    public Task<string?> ValidateErpSubJobIdAsync(ErpSubJobIdCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ValidateErpSubJobIdAsync(check.JobId, check.ErpSubJobId, check.Reference, cancellationToken);
    }

    async Task<ErpConnectionTest> IErpConnector.TestConnectionAsync(CancellationToken cancellationToken)
    {
        var test = await TestConnectionAsync(cancellationToken);
        return new ErpConnectionTest(test.Succeeded, test.Message, test.JobCount);
    }

    public async Task<string?> ValidateErpSubJobIdAsync(string jobId, string erpJobId, string? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (ValidateErpSubJobId(erpJobId) is { } invalid)
        {
            return invalid;
        }

        if (await FindJobAsync(jobId, cancellationToken) is not { } job)
        {
            return MissingJob(jobId);
        }

        var existing = await FindSubJobsAsync(job.Id, erpJobId, cancellationToken);
        return existing.Count == 0 || (reference is not null && existing.Any(a => IsOurs(a, reference)))
            ? null
            : Clash(erpJobId, jobId, existing[0]);
    }

    public async Task<ErpExportResult> ExportSubJobAsync(ErpSubJobExport export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (rpc is null)
        {
            return ErpExportResult.Permanent(settingsProblem!);
        }

        if ((ValidateErpSubJobId(export.ErpSubJobId) ?? ValidateDescription(export.Description)) is { } invalid)
        {
            return ErpExportResult.Permanent(invalid);
        }

        try
        {
            if (await FindJobAsync(export.JobId, cancellationToken) is not { } job)
            {
                return ErpExportResult.Permanent(MissingJob(export.JobId));
            }

            // Exactly once: a repeated export (after a crash between Tryton's write and ours, or a lost answer) finds the
            // account it wrote by our reference in the note, instead of writing a second one.
            var existing = await FindSubJobsAsync(job.Id, export.ErpSubJobId, cancellationToken);
            if (Ours(existing, export.Reference) is { Count: > 0 } ours)
            {
                return await KeepOneAsync(job.Id, export, ours, cancellationToken);
            }

            if (existing.Count > 0)
            {
                return ErpExportResult.Permanent(Clash(export.ErpSubJobId, export.JobId, existing[0]));
            }

            var session = await Rpc.SessionAsync(cancellationToken);
            var costCodes = new JsonArray([.. export.CostCodes.Select(c => (JsonNode)new JsonObject
            {
                ["code"] = c.Code,
                ["name"] = c.Description,
                ["type"] = "normal",
                ["state"] = "opened",
                ["company"] = session.CompanyId,
                ["root"] = job.Root ?? job.Parent,
            })]);
            var subJob = new JsonObject
            {
                ["code"] = export.ErpSubJobId,
                ["name"] = export.Description,
                ["type"] = "view",
                ["state"] = "opened",
                ["company"] = session.CompanyId,
                ["root"] = job.Root ?? job.Parent,
                ["parent"] = job.Id,
                ["note"] = ReferencePrefix + export.Reference,
            };
            if (costCodes.Count > 0)
            {
                // Nested in the same create: Tryton writes the sub job and all its cost codes in one transaction, or nothing.
                subJob["childs"] = new JsonArray(new JsonArray("create", costCodes));
            }

            var created = await Rpc.CallAsync($"{Account}.create", [new JsonArray(subJob)], cancellationToken);

            // Exactly once when two exports of the same sub job run at once (an exporter whose lease ran out and the one
            // that took the request over): both may have found nothing and both created. Looking again after creating,
            // each sees the other's account, and they agree on the one with the lowest id.
            var afterCreate = Ours(await FindSubJobsAsync(job.Id, export.ErpSubJobId, cancellationToken), export.Reference);
            return afterCreate.Count > 0
                ? await KeepOneAsync(job.Id, export, afterCreate, cancellationToken)
                : ErpExportResult.Success(created[0].GetInt32().ToString(CultureInfo.InvariantCulture));
        }
        catch (TrytonException ex)
        {
            return ex.IsTransient ? ErpExportResult.Transient(ex.Message) : ErpExportResult.Permanent(ex.Message);
        }
    }

    // Ours: the accounts carrying the export's reference, lowest id first. The lowest is kept and the others (with their
    // cost code accounts) deleted. Another export of the same sub job may be deleting them at the same moment, so a delete
    // that fails is looked at again rather than reported at once.
    private async Task<ErpExportResult> KeepOneAsync(int jobAccountId, ErpSubJobExport export, List<AccountRow> ours, CancellationToken cancellationToken)
    {
        TrytonException? failure = null;
        for (var round = 0; ours.Count > 1 && round < 3; round++)
        {
            foreach (var duplicate in ours.Skip(1))
            {
                try
                {
                    await DeleteAsync(duplicate.Id, cancellationToken);
                    Rpc.Logger.LogWarning(
                        "Tryton held {Count} accounts of sub job {Reference} under job account {Job}, written by exports at once; kept {Kept}, deleted {Deleted}",
                        ours.Count, export.Reference, jobAccountId, ours[0].Id, duplicate.Id);
                }
                catch (TrytonException ex)
                {
                    failure = ex;
                }
            }

            ours = Ours(await FindSubJobsAsync(jobAccountId, export.ErpSubJobId, cancellationToken), export.Reference);
        }

        if (ours.Count == 1)
        {
            return ErpExportResult.Success(ours[0].Id.ToString(CultureInfo.InvariantCulture));
        }

        if (ours.Count == 0)
        {
            return ErpExportResult.Transient($"The analytic account Tryton created for ERP Job ID {export.ErpSubJobId} under job {export.JobId} is gone; it will be created again.");
        }

        var message = $"Tryton holds {ours.Count} analytic accounts of this sub job under job {export.JobId} ({string.Join(", ", ours.Select(a => $"id {a.Id}"))}), "
            + $"written by exports that ran at once, and deleting all but id {ours[0].Id} failed: {failure?.Message ?? "they are still there"}";
        return failure is { IsTransient: false } ? ErpExportResult.Permanent(message) : ErpExportResult.Transient(message);
    }

    // The cost code accounts first: Tryton refuses to delete a parent whose children would be left without one.
    private async Task DeleteAsync(int subJobAccountId, CancellationToken cancellationToken)
    {
        var costCodes = await SearchReadAsync([Condition("parent", "=", subJobAccountId)], cancellationToken);
        if (costCodes.Count > 0)
        {
            await Rpc.CallAsync($"{Account}.delete", [Ids(costCodes.Select(a => a.Id))], cancellationToken);
        }

        await Rpc.CallAsync($"{Account}.delete", [Ids([subJobAccountId])], cancellationToken);
    }

    public async Task<IReadOnlyList<ErpSubJob>> ListSubJobsAsync(string erpJobId, CancellationToken cancellationToken)
    {
        var job = await FindJobAsync(erpJobId, cancellationToken) ?? throw new TrytonException(MissingJob(erpJobId), isTransient: false);
        var subJobs = await SearchReadAsync([Condition("parent", "=", job.Id)], cancellationToken);
        var withCode = subJobs.Where(a => !string.IsNullOrEmpty(a.Code)).ToList();
        var costCodes = withCode.Count == 0
            ? []
            : await SearchReadAsync([Condition("parent", "in", new JsonArray([.. withCode.Select(a => (JsonNode)a.Id)]))], cancellationToken);
        return [.. withCode.Select(a => new ErpSubJob(
            a.Id.ToString(CultureInfo.InvariantCulture),
            erpJobId,
            a.Code!,
            a.Name,
            ReferenceIn(a.Note),
            [.. costCodes.Where(c => c.Parent == a.Id && !string.IsNullOrEmpty(c.Code)).Select(c => c.Code!)]))];
    }

    public async Task<IReadOnlyList<ErpJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = await SearchReadAsync(JobsDomain(), cancellationToken);
        if (jobs.Count == 0 && Settings.JobsRootCode is { } rootCode
            && (await SearchReadAsync([Condition("type", "=", "root"), Condition("code", "=", rootCode)], cancellationToken)).Count == 0)
        {
            throw new TrytonException($"Tryton has no analytic root account coded \"{rootCode}\" (the jobs' root account in the connection settings).", isTransient: false);
        }

        return [.. jobs.Where(j => !string.IsNullOrEmpty(j.Code)).Select(j => new ErpJob(j.Code!, j.Name))];
    }

    public async Task<TrytonConnectionTest> TestConnectionAsync(CancellationToken cancellationToken)
    {
        if (rpc is null)
        {
            return new TrytonConnectionTest(false, settingsProblem!, null, null);
        }

        try
        {
            var session = await Rpc.SessionAsync(cancellationToken);
            var jobs = await ListJobsAsync(cancellationToken);
            var where = Settings.JobsRootCode is null ? "" : $" under root account {Settings.JobsRootCode}";
            return new TrytonConnectionTest(
                true,
                $"Signed in to Tryton as {Settings.Username}: company {session.CompanyName}, {jobs.Count} {(jobs.Count == 1 ? "job" : "jobs")}{where}.",
                session.CompanyName,
                jobs.Count);
        }
        catch (TrytonException ex)
        {
            return new TrytonConnectionTest(false, ex.Message, null, null);
        }
    }

    private JsonArray JobsDomain()
    {
        var domain = new JsonArray(Condition("type", "=", "view"), Condition("parent.type", "=", "root"));
        if (Settings.JobsRootCode is { } rootCode)
        {
            domain.Add(Condition("parent.code", "=", rootCode));
        }

        return domain;
    }

    private async Task<AccountRow?> FindJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var domain = JobsDomain();
        domain.Add(Condition("code", "=", jobId));
        var jobs = await SearchReadAsync(domain, cancellationToken);
        return jobs.Count switch
        {
            0 => null,
            1 => jobs[0],
            _ => throw new TrytonException(
                $"Tryton holds {jobs.Count} job accounts coded {jobId} under different analytic roots; name the jobs' root account in the connection settings.",
                isTransient: false),
        };
    }

    private async Task<IReadOnlyList<AccountRow>> FindSubJobsAsync(int jobAccountId, string erpJobId, CancellationToken cancellationToken)
    {
        var candidates = await SearchReadAsync([Condition("parent", "=", jobAccountId), Condition("code", "ilike", erpJobId)], cancellationToken);

        // ilike treats '_' (and '%') as wildcards: keep only the codes equal to the ID, ignoring case.
        return [.. candidates.Where(a => string.Equals(a.Code, erpJobId, StringComparison.OrdinalIgnoreCase))];
    }

    private async Task<IReadOnlyList<AccountRow>> SearchReadAsync(JsonArray domain, CancellationToken cancellationToken)
    {
        var session = await Rpc.SessionAsync(cancellationToken);
        domain.Add(Condition("company", "=", session.CompanyId));
        JsonArray Parameters() =>
            [domain.DeepClone(), 0, null, new JsonArray(new JsonArray("code", "ASC"), new JsonArray("id", "ASC")), new JsonArray("code", "name", "note", "root", "parent")];

        // Tryton on SQLite searches and then reads without one snapshot: an account deleted in between (by another export
        // of the same sub job cleaning up, or by someone in Tryton) makes the read fail with an access rule error ("You are
        // not allowed to read records ... because of at least one of these rules"), as if the user could not read accounts.
        // A new search no longer finds that account, so a refused read is tried again; refused five times running, it is Tryton's answer.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rows = await Rpc.CallAsync($"{Account}.search_read", Parameters(), cancellationToken);
                return [.. rows.EnumerateArray().Select(AccountRow.From)];
            }
            catch (TrytonException ex) when (ex.IsUserError && attempt < 5)
            {
                Rpc.Logger.LogInformation("Tryton refused a read of analytic accounts ({Error}); reading again, as an account deleted meanwhile does this", ex.Message);
            }
        }
    }

    private static JsonArray Ids(IEnumerable<int> ids) => new([.. ids.Select(id => (JsonNode)id)]);

    private static JsonArray Condition(string field, string op, JsonNode? value) => new(field, op, value);

    private static bool IsOurs(AccountRow account, string reference) => ReferenceIn(account.Note) == reference;

    private static List<AccountRow> Ours(IEnumerable<AccountRow> accounts, string reference) =>
        [.. accounts.Where(a => IsOurs(a, reference)).OrderBy(a => a.Id)];

    private static string? ReferenceIn(string? note)
    {
        var match = note is null ? null : ReferenceLine().Match(note);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    private static string? ValidateDescription(string description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return "Enter a description: Tryton requires a name for every account.";
        }

        if (description.Length > MaxDescriptionLength)
        {
            return $"The description can be at most {MaxDescriptionLength} characters in {DisplayName}.";
        }

        return description.Any(char.IsControl)
            ? $"The description may not hold line breaks, tabs or other control characters in {DisplayName}."
            : null;
    }

    private static string MissingJob(string jobId) =>
        $"Job {jobId} no longer exists in {DisplayName}: there is no analytic view account coded {jobId} under the jobs' root account. Link the project to an existing job.";

    private static string Clash(string erpJobId, string jobId, AccountRow account) =>
        $"ERP Job ID {erpJobId} is already used under job {jobId} in {DisplayName} by analytic account \"{account.Code} - {account.Name}\" (id {account.Id}), which ERP Integrations did not create. Choose another ERP Job ID.";

    private static bool IsCodeCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ErpSubJobIdPattern();

    [GeneratedRegex(@"^ERP Integrations sub job (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();

    private sealed record AccountRow(int Id, string? Code, string Name, string? Note, int? Root, int? Parent)
    {
        public static AccountRow From(JsonElement row)
        {
            string? Text(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int? Id(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            return new AccountRow(row.GetProperty("id").GetInt32(), Text("code"), Text("name") ?? "", Text("note"), Id("root"), Id("parent"));
        }
    }
}
