using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class CreateTests
{
    [Fact]
    public async Task Create_ByProjectAdmin_SavesANotSentSubJobAndAuditsCreated()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var concrete = await app.CostCodeIdAsync("03-300");
        var steel = await app.CostCodeIdAsync("05-120");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields(" BLDGC ", "Building C - parking deck", concrete, steel), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(ProjectAdminKit.SubJobsPath(riverside));
        var subJob = await app.RequiredSubJobAsync("1001", "BLDGC");
        subJob.State.ShouldBe(SubJobState.NotSent);
        subJob.Description.ShouldBe("Building C - parking deck");
        subJob.CreatedById.ShouldBe((await app.UserAsync("pm@demo.test")).Id);
        subJob.CreatedAt.ShouldBe(app.Now);
        subJob.CostCodes.Select(c => c.Code).Order().ShouldBe(["03-300", "05-120"]);
        subJob.Actions().ShouldBe([AuditAction.Created]);
        subJob.History[0].ActorName.ShouldBe("Pat Project-Manager");

        var list = await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(riverside));
        list.ShouldContain("Sub job BLDGC was created.");
        list.ShouldContain($"data-sub-job=\"{subJob.Id}\" data-code=\"BLDGC\"");
    }

    [Fact]
    public async Task Create_WithoutCostCodes_IsAllowedWhileDrafting()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("DRAFT1", "Still deciding the cost codes"), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var subJob = await app.RequiredSubJobAsync("1001", "DRAFT1");
        subJob.CostCodes.ShouldBeEmpty();
        subJob.State.ShouldBe(SubJobState.NotSent);
    }

    [Theory]
    [InlineData("", "A description", "Code", "Enter a code.")]
    [InlineData("BLDG-C", "A description", "Code", "Use only letters and digits in the code, without spaces or other characters.")]
    [InlineData("BLDG C", "A description", "Code", "Use only letters and digits in the code, without spaces or other characters.")]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJX", "A description", "Code", "The code can be at most 30 characters for Sandbox ERP.")]
    [InlineData("BLDGA", "A description", "Code", "This project already has a sub job with the code BLDGA.")]
    [InlineData("bldga", "A description", "Code", "This project already has a sub job with the code bldga.")]
    [InlineData("BLDGC", "", "Description", "Enter a description.")]
    [InlineData("BLDGC", "   ", "Description", "Enter a description.")]
    [InlineData("BLDGC", "0123456789012345678901234567890123456789012345678901234567890", "Description", "The description can be at most 60 characters for Sandbox ERP.")]
    public async Task Create_WithInvalidInput_ShowsTheMessageBesideTheFieldAndCreatesNothing(string code, string description, string field, string message)
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var before = await app.SubJobCountAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields(code, description, await app.CostCodeIdAsync("03-300")), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), field).ShouldBe(message);
        (await app.SubJobCountAsync("1001")).ShouldBe(before);
    }

    [Fact]
    public async Task Create_WithEveryFieldWrong_ShowsEachMessageBesideItsField()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("", "", Guid.NewGuid()), ProjectAdminKit.NewPath(riverside));

        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Code").ShouldBe("Enter a code.");
        ProjectAdminKit.FieldError(html, "Description").ShouldBe("Enter a description.");
        ProjectAdminKit.FieldError(html, "CostCodes").ShouldBe("Choose cost codes from the company's active standard list.");
    }

    [Fact]
    public async Task Create_WithAnotherCompanysCostCode_IsRefused()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var foreign = await app.CostCodeIdAsync("03-300", DemoData.Other);
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("BLDGC", "Building C", foreign), ProjectAdminKit.NewPath(riverside));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "CostCodes").ShouldBe("Choose cost codes from the company's active standard list.");
        (await app.SubJobByCodeAsync("1001", "BLDGC")).ShouldBeNull();
    }

    [Fact]
    public async Task NewPage_OffersTheCompanysCostCodesAsLabelledCheckboxes()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var concrete = await app.CostCodeIdAsync("03-300");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var html = await pm.PageTextAsync(ProjectAdminKit.NewPath(riverside));

        html.ShouldContain("<label for=\"code\">Code</label>");
        html.ShouldContain("<label for=\"description\">Description</label>");
        html.ShouldContain($"<label for=\"cost-code-{concrete}\">");
        html.ShouldContain("03-300 Cast-in-Place Concrete");
        html.ShouldNotContain("Other Builders");
    }
}
