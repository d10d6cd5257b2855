using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class ProjectSubJobsApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ProjectsAndCostCodes_AreListed()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        var projects = (await api.GetJsonAsync("/api/v1/projects")).GetProperty("items");
        projects.EnumerateArray().Select(p => p.GetProperty("number").GetString()).ShouldBe(["1001", "1002", "1003", "1004"]);
        projects[0].GetProperty("erpJobId").GetString().ShouldBe("RMC-1001");
        projects[3].GetProperty("erpJobId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        projects[0].GetProperty("id").GetGuid().ShouldBe(await ProjectIdAsync(company, "1001"));

        var costCodes = (await api.GetJsonAsync("/api/v1/cost-codes")).GetProperty("items");
        costCodes.EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["01-100", "03-300", "05-120", "09-250", "22-100", "26-050"]);
        costCodes[0].GetProperty("description").GetString().ShouldBe("General Requirements");
    }

    [Fact]
    public async Task Create_AddsANotSentSubJob_WithItsCostCodes()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var projectId = await ProjectIdAsync(company, "1001");

        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/sub-jobs", new { code = "LAB", description = "Laboratory", costCodes = new[] { "22-100", "01-100" } });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/sub-jobs/{id}");
        body.GetProperty("state").GetString().ShouldBe("not_sent");
        body.GetProperty("costCodes").Strings().ShouldBe(["01-100", "22-100"]);
        body.GetProperty("canSend").GetBoolean().ShouldBeTrue();
        var created = await App.SubJobAsync(id);
        created.ProjectId.ShouldBe(projectId);
        created.Code.ShouldBe("LAB");
        created.Description.ShouldBe("Laboratory");
        created.State.ShouldBe(SubJobState.NotSent);
        created.CostCodes.Select(c => c.Code).Order().ShouldBe(["01-100", "22-100"]);
        created.History.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Created);

        var list = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/sub-jobs")).GetProperty("items");
        list.EnumerateArray().Select(s => s.GetProperty("code").GetString()).ShouldContain("LAB");
    }

    [Fact]
    public async Task Create_WithInvalidFields_Answers400WithEachField()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var url = $"/api/v1/projects/{await ProjectIdAsync(company, "1001")}/sub-jobs";

        await (await api.PostJsonAsync(url, new { })).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync(url, new { code = new string('A', 31), description = new string('d', 501) })).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync(url, new { code = "BLDGA", description = "Again" })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.PostJsonAsync(url, new { code = "LAB", description = "Laboratory", costCodes = new[] { "99-999" } })).ProblemAsync(HttpStatusCode.BadRequest, "costCodes");
        await (await api.PostRawAsync(url, "{\"code\": \"LAB\", \"description\": \"Laboratory\", \"costCodes\": \"01-100\"}")).ProblemAsync(HttpStatusCode.BadRequest, "costCodes");
        await (await api.PostRawAsync(url, "{\"code\": true}")).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.PostRawAsync(url, "{\"code\": \"LAB\", \"description\": \"Laboratory\", \"costCodes\": [null]}")).ProblemAsync(HttpStatusCode.BadRequest, "costCodes");

        (await api.GetJsonAsync(url)).GetProperty("items").EnumerateArray().ShouldNotContain(s => s.GetProperty("code").GetString() == "LAB");
    }

    [Fact]
    public async Task WithoutAdminOnTheProject_ChangesAreRefused()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var projectId = await ProjectIdAsync(company, "1001");
        var mob = await company.SubJobIdAsync("MOB");

        await (await api.GetAsync($"/api/v1/projects/{projectId}/sub-jobs")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/sub-jobs", new { code = "LAB", description = "Laboratory" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{mob}", new { description = "Changed" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{mob}/send-to-erp")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{await company.SubJobIdAsync("BLDGA")}/retrieve-from-erp")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{await company.SubJobIdAsync("PARKING")}/resend-to-erp")).ProblemAsync(HttpStatusCode.Forbidden);

        var untouched = await App.SubJobAsync(mob);
        untouched.Description.ShouldBe("Mobile imaging suite");
        untouched.State.ShouldBe(SubJobState.NotSent);
    }

    [Fact]
    public async Task AnotherCompanysProjectOrSubJob_Answers404()
    {
        var company = await DemoLikeAsync();
        var other = await shared.NewCompanyAsync();
        var lodge = await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        var theirProject = lodge.Id;
        var theirSubJob = await other.SubJobAsync(lodge, SubJobState.NotSent, code: "TRAILS");
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        await (await api.GetAsync($"/api/v1/projects/{theirProject}/sub-jobs")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync($"/api/v1/projects/{theirProject}/sub-jobs", new { code = "LAB", description = "Laboratory" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/sub-jobs/{theirSubJob}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{theirSubJob}", new { description = "Mine" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{theirSubJob}/send-to-erp")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/sub-jobs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);

        (await App.SubJobAsync(theirSubJob)).State.ShouldBe(SubJobState.NotSent);
    }

    [Fact]
    public async Task Get_ShowsTheSubJobWithItsHistory()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var id = await company.SubJobIdAsync("WEST");

        var body = await api.GetJsonAsync($"/api/v1/sub-jobs/{id}");

        body.GetProperty("state").GetString().ShouldBe("rejected");
        body.GetProperty("rejectionReason").GetString().ShouldNotBeNullOrWhiteSpace();
        body.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString().ShouldBe("rejected");
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var id = await company.SubJobIdAsync("MOB");

        var body = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { description = "Mobile MRI suite" })).JsonAsync(HttpStatusCode.OK);

        body.GetProperty("description").GetString().ShouldBe("Mobile MRI suite");
        var edited = await App.SubJobAsync(id);
        edited.Code.ShouldBe("MOB");
        edited.Description.ShouldBe("Mobile MRI suite");
        edited.CostCodes.Select(c => c.Code).Order().ShouldBe(["01-100", "26-050"]);
        edited.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Edited);

        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { costCodes = new[] { "09-250" } })).JsonAsync(HttpStatusCode.OK);
        var auditBefore = (await App.SubJobAsync(id)).History.Count;
        var nothing = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}") { Content = new StringContent("null", System.Text.Encoding.UTF8, "application/json") };
        await (await api.Client.SendAsync(nothing)).ProblemAsync(HttpStatusCode.BadRequest, "body");
        (await App.SubJobAsync(id)).History.Count.ShouldBe(auditBefore);
        (await App.SubJobAsync(id)).CostCodes.Select(c => c.Code).ShouldBe(["09-250"]);
    }

    [Fact]
    public async Task Patch_WithNoField_Answers400_AndWithTheCurrentValues_ChangesNothing()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var id = await company.SubJobIdAsync("MOB");
        var before = await App.SubJobAsync(id);

        var empty = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { version = before.Version })).ProblemAsync(HttpStatusCode.BadRequest, "body");
        empty.GetProperty("errors").GetProperty("body")[0].GetString().ShouldBe("Send at least one of code, description, costCodes.");

        var same = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { code = before.Code, description = before.Description, costCodes = new[] { "26-050", "01-100" } })).JsonAsync(HttpStatusCode.OK);

        same.GetProperty("version").GetInt32().ShouldBe(before.Version);
        var after = await App.SubJobAsync(id);
        after.Version.ShouldBe(before.Version);
        after.History.Count.ShouldBe(before.History.Count);
    }

    [Fact]
    public async Task Patch_WithAStaleVersionOrALockedSubJob_Answers409_AndBadFields400()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var id = await company.SubJobIdAsync("MOB");
        var version = (await api.GetJsonAsync($"/api/v1/sub-jobs/{id}")).GetProperty("version").GetInt32();
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { description = "First", version })).JsonAsync(HttpStatusCode.OK);

        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { description = "Second", version })).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{await company.SubJobIdAsync("BLDGA")}", new { description = "Locked" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { code = "no spaces allowed" })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { version = "one" })).ProblemAsync(HttpStatusCode.BadRequest, "version");

        (await App.SubJobAsync(id)).Description.ShouldBe("First");
    }

    [Fact]
    public async Task SendRetrieveResend_WalkTheStateMachine()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var id = await company.SubJobIdAsync("MOB");

        (await (await api.PostJsonAsync($"/api/v1/sub-jobs/{id}/send-to-erp")).JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString().ShouldBe("ready_to_export");
        var sent = await App.SubJobAsync(id);
        sent.State.ShouldBe(SubJobState.ReadyToExport);
        sent.LastSentByName.ShouldBe("Pat Project-Manager");

        (await (await api.PostJsonAsync($"/api/v1/sub-jobs/{id}/retrieve-from-erp")).JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString().ShouldBe("retrieved");
        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.Retrieved);

        (await (await api.PostJsonAsync($"/api/v1/sub-jobs/{id}/resend-to-erp")).JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString().ShouldBe("ready_to_export");
        var resent = await App.SubJobAsync(id);
        resent.State.ShouldBe(SubJobState.ReadyToExport);
        resent.History.OrderBy(h => h.Id).Select(h => h.Action).ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Retrieved, AuditAction.Resent]);
    }

    [Fact]
    public async Task RefusedTransitions_Answer409()
    {
        var company = await DemoLikeAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{await company.SubJobIdAsync("GYM")}/send-to-erp")).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{await company.SubJobIdAsync("PHASE1")}/retrieve-from-erp")).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync($"/api/v1/sub-jobs/{await company.SubJobIdAsync("MOB")}/resend-to-erp")).ProblemAsync(HttpStatusCode.Conflict);

        (await App.SubJobAsync(await company.SubJobIdAsync("GYM"))).State.ShouldBe(SubJobState.NotSent);
    }

    private static Task<Guid> ProjectIdAsync(TestCompany company, string number) =>
        company.WithDbAsync(db => db.Projects.Where(p => p.Number == number).Select(p => p.Id).SingleAsync());

    /// <summary>A company of the test's own shaped like the demo: four projects (1004 unlinked) and sub jobs the project manager made in each state.</summary>
    private async Task<TestCompany> DemoLikeAsync()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await company.ProjectAsync("1002", "Harbor View Apartments", erpJobId: "HVA-1002");
        var northgate = await company.ProjectAsync("1003", "Northgate Office Park", erpJobId: "NOP-1003");
        var lakeside = await company.ProjectAsync("1004", "Lakeside School Renovation", linked: false);
        await company.SubJobAsync(riverside, SubJobState.NotSent, code: "MOB", description: "Mobile imaging suite", costCodes: ["01-100", "26-050"]);
        await company.SubJobAsync(riverside, code: "BLDGA", description: "Building A - patient tower");
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1", description: "Phase 1 - foundations");
        await company.SubJobAsync(riverside, SubJobState.Retrieved, code: "PARKING", description: "Parking structure");
        await company.SubJobAsync(northgate, SubJobState.Rejected, code: "WEST", description: "West wing", rejection: "Use cost code 09-250 for the interiors.");
        await company.SubJobAsync(lakeside, SubJobState.NotSent, code: "GYM", description: "Gymnasium");
        return company;
    }
}
