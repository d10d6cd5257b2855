using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class CreateTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Create_ByProjectAdmin_SavesANotSentSubJobAndAuditsCreated()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync()).Id;
        var concrete = await company.CostCodeIdAsync("03-300");
        var steel = await company.CostCodeIdAsync("05-120");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields(" BLDGC ", "Building C - parking deck", concrete, steel), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(ProjectAdminKit.SubJobsPath(riverside));
        var subJob = await App.RequiredSubJobAsync(riverside, "BLDGC");
        subJob.State.ShouldBe(SubJobState.NotSent);
        subJob.Description.ShouldBe("Building C - parking deck");
        subJob.CreatedById.ShouldBe(company.ProjectManager.Id);
        subJob.CreatedAt.ShouldBe(App.Now);
        subJob.CostCodes.Select(c => c.Code).Order().ShouldBe(["03-300", "05-120"]);
        subJob.Actions().ShouldBe([AuditAction.Created]);
        subJob.History[0].ActorName.ShouldBe("Pat Project-Manager");

        var list = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(riverside)));
        list.Success().ShouldBe("Sub job BLDGC was created. Send it to ERP when it is ready for accounting.");
        list.One($"[data-sub-job=\"{subJob.Id}\"]").GetAttribute("data-code").ShouldBe("BLDGC");
    }

    [Fact]
    public async Task Create_WithoutCostCodes_IsAllowedWhileDrafting()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync()).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("DRAFT1", "Still deciding the cost codes"), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var subJob = await App.RequiredSubJobAsync(riverside, "DRAFT1");
        subJob.CostCodes.ShouldBeEmpty();
        subJob.State.ShouldBe(SubJobState.NotSent);
    }

    [Theory]
    [InlineData("", "A description", "Code", "Enter a code.")]
    [InlineData("BLDG-C", "A description", "Code", "Use only letters A–Z and digits in the code, without spaces or other characters.")]
    [InlineData("BLDG C", "A description", "Code", "Use only letters A–Z and digits in the code, without spaces or other characters.")]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJX", "A description", "Code", "The code can be at most 30 characters for Sandbox ERP.")]
    [InlineData("BLDGA", "A description", "Code", "This project already has a sub job with the code BLDGA.")]
    [InlineData("bldga", "A description", "Code", "This project already has a sub job with the code bldga.")]
    [InlineData("BLDGC", "", "Description", "Enter a description.")]
    [InlineData("BLDGC", "   ", "Description", "Enter a description.")]
    [InlineData("BLDGC", "0123456789012345678901234567890123456789012345678901234567890", "Description", "The description can be at most 60 characters for Sandbox ERP.")]
    public async Task Create_WithInvalidInput_ShowsTheMessageBesideTheFieldAndCreatesNothing(string code, string description, string field, string message)
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync();
        await company.SubJobAsync(project, code: "BLDGA");
        var riverside = project.Id;
        var before = await App.SubJobCountAsync(riverside);
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields(code, description, await company.CostCodeIdAsync("03-300")), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), field).ShouldBe(message);
        (await App.SubJobCountAsync(riverside)).ShouldBe(before);
    }

    [Fact]
    public async Task Create_WithEveryFieldWrong_ShowsEachMessageBesideItsField()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync()).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("", "", Guid.NewGuid()), ProjectAdminKit.NewPath(riverside));

        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Code").ShouldBe("Enter a code.");
        ProjectAdminKit.FieldError(html, "Description").ShouldBe("Enter a description.");
        ProjectAdminKit.FieldError(html, "CostCodes").ShouldBe("Choose cost codes from the company's active standard list.");
        (await App.SubJobCountAsync(riverside)).ShouldBe(0);
    }

    [Fact]
    public async Task Create_WithAnotherCompanysCostCode_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync()).Id;
        var foreign = await other.CostCodeIdAsync("03-300");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("BLDGC", "Building C", foreign), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "CostCodes").ShouldBe("Choose cost codes from the company's active standard list.");
        (await App.SubJobByCodeAsync(riverside, "BLDGC")).ShouldBeNull();
    }

    [Fact]
    public async Task NewPage_OffersTheCompanysCostCodesAsLabelledCheckboxes()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync("Other Builders Inc. (test)");
        var riverside = (await company.ProjectAsync()).Id;
        var concrete = await company.CostCodeIdAsync("03-300");
        var theirConcrete = await other.CostCodeIdAsync("03-300");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var html = await pm.PageTextAsync(ProjectAdminKit.NewPath(riverside));

        var page = Html.Parse(html);
        page.One("label[for=code]").Text().ShouldBe("Code");
        page.One("#code");
        page.One("label[for=description]").Text().ShouldBe("Description");
        page.One("#description");
        page.One($"label[for=\"cost-code-{concrete}\"]").Text().ShouldBe("03-300 Cast-in-Place Concrete");
        page.One($"label[for=\"cost-code-{concrete}\"] input[type=checkbox][name=CostCodeIds]").GetAttribute("value").ShouldBe(concrete.ToString());
        page.QuerySelectorAll("input[name=CostCodeIds]").Length.ShouldBe(TestCompany.DefaultCostCodes.Count);
        page.ShouldNotHave($"#cost-code-{theirConcrete}");
        html.ShouldNotContain("Other Builders");
    }
}
