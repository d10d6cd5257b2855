using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features;

/// <summary>
/// What a person may type, checked once for the page and the API alike: no control characters or text-direction
/// overrides in any text, and codes of letters, digits and the separators their kind allows.
/// </summary>
public sealed class InputErrorsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string HiddenInDescription = "The description may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.";

    private AppFactory App => shared.App;

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("\u009b")]
    [InlineData("\u202e")]
    [InlineData("\u2066")]
    [InlineData("\n")]
    public async Task SubJobDescription_WithAHiddenCharacter_IsRefusedBesideItsField_OnThePageAndInTheApi(string hidden)
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        var page = await ProjectAdminKit.PostAsync(pm, ProjectAdminKit.NewPath(project.Id), ProjectAdminKit.SubJobFields("LEVEL2", $"Level{hidden}two", await company.CostCodeIdAsync("03-300")), ProjectAdminKit.NewPath(project.Id));
        var problem = await (await api.PostJsonAsync($"/api/v1/projects/{project.Id}/sub-jobs", new { code = "LEVEL2", description = $"Level{hidden}two", costCodes = new[] { "03-300" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "description");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await page.TextAsync(), "Description").ShouldBe(HiddenInDescription);
        problem.GetProperty("errors").GetProperty("description")[0].GetString().ShouldBe(HiddenInDescription);
        (await App.SubJobCountAsync(project.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task SubJobDescription_WithUnicodeLettersAndMarks_IsKept()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        await (await api.PostJsonAsync($"/api/v1/projects/{project.Id}/sub-jobs", new { code = "CAFE", description = "Café — שלב ב׳", costCodes = new[] { "03-300" } }))
            .JsonAsync(HttpStatusCode.Created);

        (await App.RequiredSubJobAsync(project.Id, "CAFE")).Description.ShouldBe("Café — שלב ב׳");
    }

    [Fact]
    public async Task RejectionReason_WithAnEscape_IsRefusedBesideItsField_OnThePageAndInTheApi()
    {
        const string message = "The explanation may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.";
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var id = await company.SubJobAsync(project, SubJobState.ReadyToExport, code: "FLOOR2");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var page = await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Wrong \u001b[31mcost code" });
        var problem = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = "Wrong \u001b[31mcost code" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "reason");
        var bulk = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/bulk-reject", new { ids = new[] { id }, reason = "Wrong \u0000cost code" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "reason");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErpSubJobsPage.Row(await page.Content.ReadAsStringAsync(), "FLOOR2").Text().ShouldContain(message);
        problem.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe(message);
        bulk.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe(message);
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task RejectionReason_OnSeveralLines_IsKept()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var id = await company.SubJobAsync(project, SubJobState.ReadyToExport, code: "FLOOR2");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = "Two things:\r\n\t1. the cost code\r\n\t2. the description" }))
            .JsonAsync(HttpStatusCode.OK);

        (await App.SubJobAsync(id)).RejectionReason.ShouldBe("Two things:\r\n\t1. the cost code\r\n\t2. the description");
    }

    [Fact]
    public async Task Names_WithAHiddenCharacter_AreRefusedNamingTheField_OnThePageAndInTheApi()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var page = await ProjectAdminKit.PostAsync(admin, "/projects/new", [new("Number", "2001"), new("Name", "Harbor \u202egnidliub")], "/projects/new");
        var project = await (await api.PostJsonAsync("/api/v1/projects", new { number = "2001", name = "Harbor \u202egnidliub" })).ProblemAsync(HttpStatusCode.BadRequest, "name");
        var user = await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "Bell\u0007 Ringer", email = company.Email("bell"), password = "Passw0rd!" })).ProblemAsync(HttpStatusCode.BadRequest, "name");
        var token = await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Admin.Email, password = TestUser.Password, name = "laptop\u0000" })).ProblemAsync(HttpStatusCode.BadRequest, "name");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await page.TextAsync(), "Name").ShouldBe("The project name may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.");
        project.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("The project name may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.");
        user.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("The person's name may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.");
        token.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("The token's name may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.");
        (await App.ProjectsOfAsync(company)).ShouldNotContain(p => p.Number == "2001");
        (await App.UsersOfAsync(company)).ShouldNotContain(u => u.Email == company.Email("bell"));
    }

    [Fact]
    public async Task CostCode_WithAComma_IsRefusedBesideItsField_OnThePageAndInTheApi()
    {
        const string message = "Use only letters A–Z, digits, hyphens, underscores, dots, slashes and spaces in the cost code.";
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var page = await ProjectAdminKit.PostAsync(admin, "/cost-codes", [new("Code", "03,100"), new("Description", "Concrete")], "/cost-codes");
        var problem = await (await api.PostJsonAsync("/api/v1/cost-codes", new { code = "03,100", description = "Concrete" })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        var edited = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{await company.CostCodeIdAsync("09-250")}", new { code = "09,250" })).ProblemAsync(HttpStatusCode.BadRequest, "code");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await page.TextAsync(), "Code").ShouldBe(message);
        problem.GetProperty("errors").GetProperty("code")[0].GetString().ShouldBe(message);
        edited.GetProperty("errors").GetProperty("code")[0].GetString().ShouldBe(message);
        (await company.WithDbAsync(db => db.CostCodes.CountAsync(c => c.Code.Contains(",")))).ShouldBe(0);
    }

    [Theory]
    [InlineData("03 30 00")]
    [InlineData("03.300")]
    [InlineData("03/300")]
    [InlineData("03_300")]
    [InlineData("A1")]
    public async Task CostCode_WithTheSeparatorsItAllows_IsAdded(string code)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        await (await api.PostJsonAsync("/api/v1/cost-codes", new { code, description = "Concrete" })).JsonAsync(HttpStatusCode.Created);

        (await company.CostCodeIdAsync(code)).ShouldNotBe(Guid.Empty);
    }

    [Theory]
    [InlineData("-03")]
    [InlineData("03.")]
    public async Task CostCode_StartingOrEndingWithASeparator_IsRefused(string code)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var problem = await (await api.PostJsonAsync("/api/v1/cost-codes", new { code, description = "Concrete" })).ProblemAsync(HttpStatusCode.BadRequest, "code");

        problem.GetProperty("errors").GetProperty("code")[0].GetString().ShouldBe("Start and end the cost code with a letter or digit.");
    }

    [Fact]
    public async Task SubJobCode_WithAHiddenCharacter_IsRefusedBesideItsField_InTheApiAsOnThePage()
    {
        const string message = "Use only letters A–Z and digits in the code, without spaces or other characters.";
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var api = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        var problem = await (await api.PostJsonAsync($"/api/v1/projects/{project.Id}/sub-jobs", new { code = "LEVEL\u00002", description = "Level two" })).ProblemAsync(HttpStatusCode.BadRequest, "code");

        problem.GetProperty("errors").GetProperty("code")[0].GetString().ShouldBe(message);
    }

    [Theory]
    [InlineData("FLOOR,2")]
    [InlineData("FLOOR_2")]
    [InlineData("FLOOR\u00002")]
    public async Task Accept_UnderAnErpJobIdOutsideTheErpsRule_IsRefused_InTheApiAsOnThePage(string erpJobId)
    {
        const string message = "The ERP Job ID may hold only letters A–Z, digits and hyphens in Sandbox ERP.";
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        var id = await company.SubJobAsync(project, SubJobState.ReadyToExport, code: "FLOOR2");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var page = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = erpJobId });
        var problem = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErpSubJobsPage.Row(await page.Content.ReadAsStringAsync(), "FLOOR2").Text().ShouldContain(message);
        problem.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe(message);
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LinkToErpJob_WithAControlCharacter_IsRefused_AndLeavesTheProjectUnlinked()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync(linked: false);
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var problem = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{project.Id}/erp-job", new { erpJobId = "JOB\u00071" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");

        problem.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe("Use only letters A–Z, digits, hyphens, underscores and dots in the ERP job ID.");
        (await App.ProjectAsync(project.Id)).ErpJobId.ShouldBeNull();
    }

    [Fact]
    public async Task AddToProject_OfAnErpSubJobWhoseIdHoldsAComma_IsRefused_AndAddsNothing()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        await company.ErpOnlySubJobAsync(project, "POOL,DECK");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var problem = await (await api.PostJsonAsync("/api/v1/erp/sub-jobs/import", new { projectId = project.Id, erpJobId = "POOL,DECK" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");

        problem.GetProperty("errors").GetProperty("erpJobId")[0].GetString()
            .ShouldBe("This sub job of Sandbox ERP cannot be added. Use only letters A–Z, digits, hyphens, underscores and dots in its ERP Job ID.");
        (await App.SubJobCountAsync(project.Id)).ShouldBe(0);
    }
}
