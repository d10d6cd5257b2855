using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class ProjectsAdminApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("erp-admin")]
    public async Task DirectoryAdminOrErpIntegrationsAdmin_AddsEditsLinksAndUnlinksAProject(string who)
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));
        await App.SandboxStore.AddJobAsync(company.Ledger, "BAY-1005", "Bayside Hotel");

        var response = await api.PostJsonAsync("/api/v1/projects", new { number = " 1005 ", name = "Bayside Hotel" });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = (await App.ProjectsOfAsync(company)).Single(p => p.Number == "1005").Id;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/projects/{id}");
        created.GetProperty("erpJobId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        created.GetProperty("erpJobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()).ShouldContain("BAY-1005");
        var project = await App.ProjectAsync(id);
        (project.Number, project.Name, project.ErpJobId).ShouldBe(("1005", "Bayside Hotel", null));
        project.CompanyId.ShouldBe(company.Id);

        var edited = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/projects/{id}", new { name = "Bayside Hotel and Spa" })).JsonAsync(HttpStatusCode.OK);
        edited.GetProperty("number").GetString().ShouldBe("1005");
        edited.GetProperty("name").GetString().ShouldBe("Bayside Hotel and Spa");
        (await App.ProjectAsync(id)).Name.ShouldBe("Bayside Hotel and Spa");

        var jobs = await api.GetJsonAsync("/api/v1/erp/jobs");
        jobs.GetProperty("erpName").GetString().ShouldBe("Sandbox ERP");
        var items = jobs.GetProperty("items").EnumerateArray().ToList();
        items.Single(j => j.GetProperty("jobId").GetString() == "RMC-1001").GetProperty("linkedTo").GetString().ShouldBe("1001 Riverside Medical Center");
        items.Single(j => j.GetProperty("jobId").GetString() == "BAY-1005").GetProperty("linkedTo").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var linked = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{id}/erp-job", new { erpJobId = "BAY-1005" })).JsonAsync(HttpStatusCode.OK);
        linked.GetProperty("erpJobId").GetString().ShouldBe("BAY-1005");
        (await App.ProjectAsync(id)).ErpJobId.ShouldBe("BAY-1005");
        (await api.GetJsonAsync($"/api/v1/projects/{id}")).GetProperty("erpJobId").GetString().ShouldBe("BAY-1005");

        var unlinked = await (await api.Client.DeleteAsync($"/api/v1/projects/{id}/erp-job")).JsonAsync(HttpStatusCode.OK);
        unlinked.GetProperty("erpJobId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await App.ProjectAsync(id)).ErpJobId.ShouldBeNull();
        await (await api.Client.DeleteAsync($"/api/v1/projects/{id}/erp-job")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("approver")]
    [InlineData("standard")]
    [InlineData("readonly")]
    [InlineData("pm")]
    public async Task Others_AreRefused403(string who)
    {
        var company = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync("1001")).Id;
        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));
        await App.SandboxStore.AddJobAsync(company.Ledger, "LSR-1004", "Lakeside School Renovation");
        var before = await App.ProjectsOfAsync(company);

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Post, "/api/v1/projects", new { number = "9", name = "Nope" }),
            new(HttpMethod.Get, $"/api/v1/projects/{lakeside}"),
            new(HttpMethod.Patch, $"/api/v1/projects/{lakeside}", new { name = "Nope" }),
            new(HttpMethod.Put, $"/api/v1/projects/{lakeside}/erp-job", new { erpJobId = "LSR-1004" }),
            new(HttpMethod.Delete, $"/api/v1/projects/{riverside}/erp-job"),
            new(HttpMethod.Get, "/api/v1/erp/jobs"),
        ]);

        (await App.ProjectsOfAsync(company)).Select(p => (p.Number, p.Name, p.ErpJobId)).ShouldBe(before.Select(p => (p.Number, p.Name, p.ErpJobId)));
    }

    [Fact]
    public async Task AnotherCompanysProject_Answers404()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        await App.SandboxStore.AddJobAsync(company.Ledger, "LSR-1004", "Lakeside School Renovation");
        var theirs = (await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001")).Id;

        await api.ShouldAllAnswerAsync(HttpStatusCode.NotFound, [
            new(HttpMethod.Get, $"/api/v1/projects/{theirs}"),
            new(HttpMethod.Patch, $"/api/v1/projects/{theirs}", new { name = "Ours now" }),
            new(HttpMethod.Put, $"/api/v1/projects/{theirs}/erp-job", new { erpJobId = "LSR-1004" }),
            new(HttpMethod.Delete, $"/api/v1/projects/{theirs}/erp-job"),
            new(HttpMethod.Get, $"/api/v1/projects/{Guid.NewGuid()}"),
        ]);

        var project = await App.ProjectAsync(theirs);
        (project.Name, project.ErpJobId).ShouldBe(("Mountain Lodge", "ML-2001"));
    }

    [Fact]
    public async Task BadInput_Answers400_AndARefusedUnlinkAnswers409()
    {
        var company = await shared.NewCompanyAsync();
        var riversideProject = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await company.SubJobAsync(riversideProject, SubJobState.Synced, code: "PHASE1");
        var riverside = riversideProject.Id;
        await company.ProjectAsync("1002");
        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var before = await App.ProjectsOfAsync(company);

        await (await api.PostJsonAsync("/api/v1/projects", new { })).ProblemAsync(HttpStatusCode.BadRequest, "number", "name");
        await (await api.PostRawAsync("/api/v1/projects", "null")).ProblemAsync(HttpStatusCode.BadRequest, "number", "name");
        await (await api.PostJsonAsync("/api/v1/projects", new { number = new string('1', Project.MaxNumberLength + 1), name = new string('n', Project.MaxNameLength + 1) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "number", "name");
        await (await api.PostJsonAsync("/api/v1/projects", new { number = "1001", name = "Again" })).ProblemAsync(HttpStatusCode.BadRequest, "number");
        await (await api.PostRawAsync("/api/v1/projects", "{\"number\": 1005, \"name\": \"X\"}")).ProblemAsync(HttpStatusCode.BadRequest, "number");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/projects/{lakeside}", new { number = " " })).ProblemAsync(HttpStatusCode.BadRequest, "number");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/projects/{lakeside}", new { number = "1002" })).ProblemAsync(HttpStatusCode.BadRequest, "number");
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{lakeside}/erp-job", new { })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{lakeside}/erp-job", new { erpJobId = "NOPE-1" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        var taken = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{lakeside}/erp-job", new { erpJobId = "RMC-1001" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        taken.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe("ERP job RMC-1001 is already linked to project 1001 Riverside Medical Center.");

        var synced = await (await api.Client.DeleteAsync($"/api/v1/projects/{riverside}/erp-job")).ProblemAsync(HttpStatusCode.Conflict);
        synced.GetProperty("detail").GetString()!.ShouldStartWith("Project 1001 cannot be unlinked");

        (await App.ProjectsOfAsync(company)).Select(p => (p.Number, p.Name, p.ErpJobId)).ShouldBe(before.Select(p => (p.Number, p.Name, p.ErpJobId)));
    }
}
