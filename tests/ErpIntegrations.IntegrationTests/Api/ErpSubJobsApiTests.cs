using System.Net;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class ErpSubJobsApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    // Pages of the same shape (filter, order, kind of cursor) share one compiled statement: each company, asked in turn,
    // gets only its own rows, on the first page and after a cursor.
    [Fact]
    public async Task List_TheSameShapeOfPage_ForTwoCompaniesInTurn_ShowsEachOnlyItsOwn()
    {
        var day = App.Now.AddDays(-1);
        var companies = new List<(string Prefix, ApiClient Api)>();
        foreach (var prefix in new[] { "ALPHA", "BRAVO" })
        {
            var company = await shared.NewCompanyAsync();
            var project = await company.ProjectAsync("1001");
            for (var i = 0; i < 3; i++)
            {
                await company.SubJobAsync(project, code: $"{prefix}R{i}", at: day.AddHours(i));
                await company.SubJobAsync(project, SubJobState.FailedToExport, code: $"{prefix}F{i}", failure: "Refused.", at: day.AddHours(i));
                await company.SubJobAsync(project, SubJobState.Synced, code: $"{prefix}S{i}", at: day.AddHours(i));
            }

            companies.Add((prefix, await ApiClient.ForAsync(App, company.Approver.Email)));
        }

        foreach (var filter in new[] { "ready_to_export", "failed_to_export", "synced" })
        {
            foreach (var sort in new[] { "newest", "oldest", "project", "code" })
            {
                foreach (var (prefix, api) in companies.Concat(companies))
                {
                    var first = await api.GetJsonAsync($"/api/v1/erp/sub-jobs?filter={filter}&sort={sort}&limit=2");
                    var cursor = first.GetProperty("nextCursor").GetString()!;
                    var rest = await api.GetJsonAsync($"/api/v1/erp/sub-jobs?filter={filter}&sort={sort}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
                    var codes = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray())
                        .Select(i => i.GetProperty("code").GetString()!).ToList();
                    codes.Count.ShouldBe(3, $"{filter}, {sort}, {prefix}");
                    codes.ShouldAllBe(c => c.StartsWith(prefix, StringComparison.Ordinal), $"{filter}, {sort}, {prefix}");
                }
            }
        }
    }

    [Fact]
    public async Task List_ReadyToExport_PagesWithACursor()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var harbor = await company.ProjectAsync("1002");
        var day = App.Now.AddDays(-1);
        await company.SubJobAsync(riverside, code: "BLDGA", description: "Building A - patient tower", costCodes: ["03-300", "05-120"], at: day.AddHours(-6));
        await company.SubJobAsync(riverside, code: "BLDGB", at: day.AddHours(-5));
        await company.SubJobAsync(harbor, code: "FLOOR1", at: day.AddHours(-4));
        await company.SubJobAsync(harbor, code: "FLOOR2", at: day.AddHours(-3));
        await company.SubJobAsync(harbor, code: "SITEWORK", at: day.AddHours(-2));
        await company.SubJobAsync(harbor, code: "GARAGE", at: day.AddHours(-1));
        await company.SubJobAsync(riverside, SubJobState.Exporting, code: "HELIPAD", at: day);
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1", at: day);
        await company.SubJobAsync(riverside, SubJobState.NotSent, code: "MOB", at: day);
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var first = await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_export&limit=4");

        var items = first.GetProperty("items");
        items.GetArrayLength().ShouldBe(4);
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await api.GetJsonAsync($"/api/v1/erp/sub-jobs?filter=ready_to_export&limit=4&cursor={Uri.EscapeDataString(cursor)}");
        var codes = items.EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("code").GetString()).ToList();
        codes.ShouldBe(["GARAGE", "SITEWORK", "FLOOR2", "FLOOR1", "BLDGB", "BLDGA", "HELIPAD"], ignoreOrder: true);
        codes.Distinct().Count().ShouldBe(codes.Count);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        var bldga = items.EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("code").GetString() == "BLDGA");
        bldga.GetProperty("id").GetGuid().ShouldBe(await company.SubJobIdAsync("BLDGA"));
        bldga.GetProperty("project").GetProperty("number").GetString().ShouldBe("1001");
        bldga.GetProperty("project").GetProperty("erpJobId").GetString().ShouldBe("RMC-1001");
        bldga.GetProperty("description").GetString().ShouldBe("Building A - patient tower");
        bldga.GetProperty("costCodes").Strings().ShouldBe(["03-300", "05-120"]);
        bldga.GetProperty("state").GetString().ShouldBe("ready_to_export");
        bldga.GetProperty("sentBy").GetString().ShouldBe("Pat Project-Manager");
        bldga.GetProperty("sentAt").GetDateTime().ShouldBeLessThan(App.Now);
        bldga.GetProperty("proposedErpJobId").GetString().ShouldBe("BLDGA");
        bldga.GetProperty("errors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_FailedSyncedAndReadyToImport()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync();
        await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF", failure: "Sandbox ERP refused sub job ROOF: cost code 01-100 is closed for job HVA-1002 (simulated fault).");
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "LOBBY", description: "Lobby and amenity spaces");
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "PHASE1", description: "Phase 1 - foundations");
        await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "BLDGA");
        await company.ErpOnlySubJobAsync(harbor, "POOL", "Rooftop pool deck", "03-300", "22-100");
        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);

        var failed = (await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=failed_to_export")).GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        failed.GetProperty("code").GetString().ShouldBe("ROOF");
        failed.GetProperty("state").GetString().ShouldBe("failed_to_export");
        failed.GetProperty("errors").Strings().ShouldHaveSingleItem().ShouldContain("cost code 01-100 is closed");

        var synced = await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=synced&search=lobby");
        synced.GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("erpJobId").GetString().ShouldBe("LOBBY");

        var importable = (await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_import")).GetProperty("items");
        importable.GetArrayLength().ShouldBeGreaterThan(0);
        importable.EnumerateArray().ShouldAllBe(i => i.GetProperty("state").GetString() == "ready_to_import" && i.GetProperty("id").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("filter=everything", "filter")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("filter=ready_to_import&limit=5", "limit")]
    public async Task List_WithBadQuery_Answers400WithTheField(string query, string field)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.GetAsync($"/api/v1/erp/sub-jobs?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task List_OverlongSearch_Answers400()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.GetAsync($"/api/v1/erp/sub-jobs?search={new string('x', 201)}")).ProblemAsync(HttpStatusCode.BadRequest, "search");
    }

    [Fact]
    public async Task List_WithoutErpIntegrationsAccess_Answers403()
    {
        var company = await shared.NewCompanyAsync();
        var bldga = await company.SubJobAsync(await company.ProjectAsync());
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        await (await api.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.GetAsync($"/api/v1/erp/sub-jobs/{bldga}")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ReturnsTheSubJobWithItsHistory()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), SubJobState.Synced, code: "PHASE1");
        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);

        var subJob = await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");

        subJob.GetProperty("state").GetString().ShouldBe("synced");
        subJob.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ShouldBe(["created", "sent", "accepted", "exported"]);
        subJob.GetProperty("history")[0].GetProperty("actorName").GetString().ShouldBe("Pat Project-Manager");
    }

    [Fact]
    public async Task Get_UnknownOrAnotherCompanysSubJob_Answers404()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var theirs = await other.SubJobAsync(await other.ProjectAsync(), code: "CABINS");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.GetAsync($"/api/v1/erp/sub-jobs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/erp/sub-jobs/{theirs}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Accept_WithoutAnErpJobId_ExportsUnderTheProposal_And202sWithTheSubJob()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var response = await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept");

        var body = await response.JsonAsync(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/erp/sub-jobs/{id}");
        body.GetProperty("state").GetString().ShouldBe("exporting");
        body.GetProperty("erpJobId").GetString().ShouldBe("BLDGA");
        body.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString().ShouldBe("accepted");
        var accepted = await App.SubJobAsync(id);
        accepted.State.ShouldBe(SubJobState.Exporting);
        accepted.ErpSubJobId.ShouldBe("BLDGA");
        accepted.History.OrderBy(h => h.Id).Last().ActorName.ShouldBe("Avery Approver");
        var request = (await App.RequestsAsync(id)).ShouldHaveSingleItem();
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.ErpSubJobId.ShouldBe("BLDGA");

        await App.Exporter.RunOnceAsync();

        (await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}")).GetProperty("state").GetString().ShouldBe("synced");
    }

    [Fact]
    public async Task Accept_WithAnErpJobId_UsesIt()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId = "BLDGA-01" })).JsonAsync(HttpStatusCode.Accepted);

        (await App.SubJobAsync(id)).ErpSubJobId.ShouldBe("BLDGA-01");
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().ErpSubJobId.ShouldBe("BLDGA-01");
    }

    [Fact]
    public async Task Accept_WithBadInput_Answers400WithTheField_AndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var id = await company.SubJobAsync(project, code: "BLDGA");
        await company.SubJobAsync(project, SubJobState.Synced, code: "PHASE1");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var url = $"/api/v1/erp/sub-jobs/{id}/accept";

        await (await api.PostJsonAsync(url, new { erpJobId = "BLDG A!" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await api.PostJsonAsync(url, new { erpJobId = new string('A', 31) })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await api.PostJsonAsync(url, new { erpJobId = "PHASE1" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await api.PostRawAsync(url, "{\"erpJobId\": 12}")).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await api.PostRawAsync(url, "{\"erpJobId\": \"BLDGA\"")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostRawAsync(url, "not json")).ProblemAsync(HttpStatusCode.BadRequest, "body");

        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("readonly")]
    [InlineData("pm")]
    public async Task AcceptRejectRetry_WithoutTheApproverPrivilege_Answer403(string role)
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var ready = await company.SubJobAsync(project, code: "BLDGA");
        var failed = await company.SubJobAsync(project, SubJobState.FailedToExport, code: "ROOF");
        var user = role switch { "standard" => company.Standard, "readonly" => company.ReadOnly, _ => company.ProjectManager };
        var api = await ApiClient.ForAsync(App, user.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{ready}/accept")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{ready}/reject", new { reason = "No." })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{failed}/retry")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new { ids = new[] { ready } })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-reject", new { ids = new[] { ready }, reason = "No." })).ProblemAsync(HttpStatusCode.Forbidden);

        (await App.SubJobAsync(ready)).State.ShouldBe(SubJobState.ReadyToExport);
        (await App.SubJobAsync(failed)).State.ShouldBe(SubJobState.FailedToExport);
    }

    [Fact]
    public async Task AcceptRejectRetry_AnotherCompanysSubJob_Answer404()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var theirs = await other.SubJobAsync(await other.ProjectAsync(), code: "CABINS");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{theirs}/accept")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{theirs}/reject", new { reason = "No." })).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{theirs}/retry")).ProblemAsync(HttpStatusCode.NotFound);

        (await App.SubJobAsync(theirs)).State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task Accept_Twice_Answers409()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);

        var problem = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        (await App.RequestsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Reject_WithAReason_SendsItBack()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGB");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var body = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = "Wrong cost codes." })).JsonAsync(HttpStatusCode.OK);

        body.GetProperty("state").GetString().ShouldBe("rejected");
        var rejected = await App.SubJobAsync(id);
        rejected.State.ShouldBe(SubJobState.Rejected);
        rejected.RejectionReason.ShouldBe("Wrong cost codes.");
        rejected.RejectedByName.ShouldBe("Avery Approver");
        var audit = rejected.History.OrderBy(h => h.Id).Last();
        audit.Action.ShouldBe(AuditAction.Rejected);
        audit.Details!.ShouldContain("Wrong cost codes.");
    }

    [Fact]
    public async Task Reject_WithoutOrWithAnOverlongReason_Answers400()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGB");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { })).ProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = new string('x', 501) })).ProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await api.PostRawAsync($"/api/v1/erp/sub-jobs/{id}/reject", "{\"reason\": [1]}")).ProblemAsync(HttpStatusCode.BadRequest, "reason");

        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task Reject_ASyncedSubJob_Answers409()
    {
        var company = await shared.NewCompanyAsync();
        var synced = await company.SubJobAsync(await company.ProjectAsync(), SubJobState.Synced, code: "PHASE1");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{synced}/reject", new { reason = "No." })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Retry_AFailedExport_ExportsAgain_AndANotFailedOneIsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var id = await company.SubJobAsync(project, SubJobState.FailedToExport, code: "ROOF");
        var ready = await company.SubJobAsync(project, code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var body = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/retry")).JsonAsync(HttpStatusCode.Accepted);

        body.GetProperty("state").GetString().ShouldBe("exporting");
        var retried = await App.SubJobAsync(id);
        retried.State.ShouldBe(SubJobState.Exporting);
        retried.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Retried);
        (await App.RequestsAsync(id)).Count(r => r.Status == ErpRequestStatus.InProgress).ShouldBe(1);
        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{ready}/retry")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BulkAccept_AnswersAResultPerId()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync();
        var bldga = await company.SubJobAsync(riverside, code: "BLDGA");
        var floor1 = await company.SubJobAsync(await company.ProjectAsync(), code: "FLOOR1");
        var synced = await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var unknown = Guid.NewGuid();

        var body = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new { ids = new[] { bldga, floor1, synced, unknown } })).JsonAsync(HttpStatusCode.OK);

        var results = body.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("subJobId").GetGuid(), r => r.GetProperty("succeeded").GetBoolean());
        results.ShouldBe(new Dictionary<Guid, bool> { [bldga] = true, [floor1] = true, [synced] = false, [unknown] = false });
        (await App.SubJobAsync(bldga)).State.ShouldBe(SubJobState.Exporting);
        (await App.SubJobAsync(floor1)).State.ShouldBe(SubJobState.Exporting);
        (await App.SubJobAsync(synced)).State.ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BulkReject_RejectsEachWithTheReason()
    {
        var company = await shared.NewCompanyAsync();
        var ids = new[] { await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA"), await company.SubJobAsync(await company.ProjectAsync(), code: "GARAGE") };
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var body = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-reject", new { ids, reason = "Budget not approved." })).JsonAsync(HttpStatusCode.OK);

        body.GetProperty("items").EnumerateArray().ShouldAllBe(r => r.GetProperty("succeeded").GetBoolean());
        foreach (var id in ids)
        {
            var rejected = await App.SubJobAsync(id);
            rejected.State.ShouldBe(SubJobState.Rejected);
            rejected.RejectionReason.ShouldBe("Budget not approved.");
        }
    }

    [Fact]
    public async Task Bulk_WithBadInput_Answers400WithTheField()
    {
        var company = await shared.NewCompanyAsync();
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new { ids = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new { ids = Enumerable.Range(0, 201).Select(_ => Guid.NewGuid()) })).ProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await api.PostRawAsync("/api/v1/erp/sub-jobs/bulk-accept", "{\"ids\": \"all\"}")).ProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await api.PostRawAsync("/api/v1/erp/sub-jobs/bulk-accept", "{\"ids\": [\"not-a-guid\"]}")).ProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-reject", new { ids = new[] { id } })).ProblemAsync(HttpStatusCode.BadRequest, "reason");

        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task AcceptRejectRetry_WithTheVersionReviewed_AreRefusedWhenAProjectAdminChangedTheSubJobSince()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var bldga = await company.SubJobAsync(project, code: "BLDGA");
        var garage = await company.SubJobAsync(project, code: "GARAGE");
        var roof = await company.SubJobAsync(project, SubJobState.FailedToExport, code: "ROOF");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var listed = (await api.GetJsonAsync("/api/v1/erp/sub-jobs")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("version").GetInt32());
        var roofSeen = (await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{roof}")).GetProperty("version").GetInt32();
        listed["BLDGA"].ShouldBe((await App.SubJobAsync(bldga)).Version);

        await company.RetrieveEditAndResendAsync(bldga, "Building A and the parking deck");
        await company.RetrieveEditAndResendAsync(garage, "Garage, levels P1 to P3");
        await company.RejectCorrectAndFailAgainAsync(roof, "Roof, north half");

        var accept = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{bldga}/accept", new { version = listed["BLDGA"] })).ProblemAsync(HttpStatusCode.Conflict);
        var reject = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{garage}/reject", new { reason = "Split it.", version = listed["GARAGE"] })).ProblemAsync(HttpStatusCode.Conflict);
        var retry = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{roof}/retry", new { version = roofSeen })).ProblemAsync(HttpStatusCode.Conflict);

        foreach (var problem in new[] { accept, reject, retry })
        {
            problem.GetProperty("detail").GetString().ShouldBe(ChangedBehindTheApprover.Refusal);
        }

        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(garage)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(roof)).ShouldBe(SubJobState.FailedToExport);
        (await App.RequestsAsync(bldga)).ShouldBeEmpty();
        var current = (await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{bldga}")).GetProperty("version").GetInt32();
        (await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{bldga}/accept", new { version = current })).JsonAsync(HttpStatusCode.Accepted))
            .GetProperty("version").GetInt32().ShouldBeGreaterThan(current);
    }

    [Fact]
    public async Task BulkAccept_WithItems_RefusesTheOnesChangedSinceTheirVersion_AndIdsStillWork()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var bldga = await company.SubJobAsync(project, code: "BLDGA");
        var floor1 = await company.SubJobAsync(project, code: "FLOOR1");
        var garage = await company.SubJobAsync(project, code: "GARAGE");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var versions = (await api.GetJsonAsync("/api/v1/erp/sub-jobs")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("version").GetInt32());
        await company.RetrieveEditAndResendAsync(floor1, "Floor 1 and the mezzanine");

        var body = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-accept", new
        {
            items = new[] { new { id = bldga, version = versions[bldga] }, new { id = floor1, version = versions[floor1] } },
            ids = new[] { garage },
        })).JsonAsync(HttpStatusCode.OK);

        var results = body.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("subJobId").GetGuid());
        results[bldga].GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        results[garage].GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        results[floor1].GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        results[floor1].GetProperty("message").GetString().ShouldBe(ChangedBehindTheApprover.Refusal);
        (await App.StateAsync(floor1)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.Exporting);
    }

    [Fact]
    public async Task BulkReject_WithItems_RefusesTheOnesChangedSinceTheirVersion()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var bldga = await company.SubJobAsync(project, code: "BLDGA");
        var floor1 = await company.SubJobAsync(project, code: "FLOOR1");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var versions = (await api.GetJsonAsync("/api/v1/erp/sub-jobs")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("version").GetInt32());
        await company.RetrieveEditAndResendAsync(bldga, "Building A, corrected");

        var body = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-reject", new
        {
            items = versions.Select(v => new { id = v.Key, version = v.Value }),
            reason = "Budget not approved.",
        })).JsonAsync(HttpStatusCode.OK);

        var results = body.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("subJobId").GetGuid(), r => r.GetProperty("succeeded").GetBoolean());
        results[bldga].ShouldBeFalse();
        results[floor1].ShouldBeTrue();
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task Import_AddsAReadyToImportSubJobToItsProject()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync();
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        await company.ErpOnlySubJobAsync(riverside, "CHILLER", "Central chiller plant", "22-100");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var item = (await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_import")).GetProperty("items")[0];
        var projectId = item.GetProperty("project").GetProperty("id").GetGuid();
        var erpJobId = item.GetProperty("erpJobId").GetString()!;

        var response = await api.PostJsonAsync("/api/v1/erp/sub-jobs/import", new { projectId, erpJobId });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        body.GetProperty("state").GetString().ShouldBe("synced");
        var imported = await App.SubJobAsync(body.GetProperty("id").GetGuid());
        imported.ProjectId.ShouldBe(projectId);
        imported.State.ShouldBe(SubJobState.Synced);
        imported.History.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Imported);
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/import", new { projectId, erpJobId })).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/import", new { })).ProblemAsync(HttpStatusCode.BadRequest, "projectId", "erpJobId");
    }

    [Fact]
    public async Task Connection_AndSandboxLedger()
    {
        var company = await shared.NewCompanyAsync();
        await company.SubJobAsync(await company.ProjectAsync("1001", erpJobId: "RMC-1001"), SubJobState.Synced, code: "PHASE1");
        var other = await shared.NewCompanyAsync();
        await other.SubJobAsync(await other.ProjectAsync("2001", erpJobId: "ML-2001"), SubJobState.Synced, code: "CABINS");
        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);

        var connection = await api.GetJsonAsync("/api/v1/erp/connection");
        connection.GetProperty("displayName").GetString().ShouldBe("Sandbox ERP");
        connection.GetProperty("supportsSubJobs").GetBoolean().ShouldBeTrue();
        connection.GetProperty("maxCodeLength").GetInt32().ShouldBe(30);

        var ledger = await api.GetJsonAsync("/api/v1/sandbox-erp/jobs");
        var job = ledger.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("jobId").GetString() == "RMC-1001");
        job.GetProperty("subJobs").EnumerateArray().Select(s => s.GetProperty("erpJobId").GetString()).ShouldContain("PHASE1");
        job.GetProperty("subJobs").EnumerateArray().ShouldAllBe(s => s.GetProperty("createdAt").GetString()!.EndsWith('Z'));
        ledger.GetProperty("items").EnumerateArray().ShouldNotContain(j => j.GetProperty("jobId").GetString() == "ML-2001");

        var pm = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        await (await pm.GetAsync("/api/v1/sandbox-erp/jobs")).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
