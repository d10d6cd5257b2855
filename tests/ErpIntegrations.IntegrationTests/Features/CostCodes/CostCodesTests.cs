using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.CostCodes;

public sealed class CostCodesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ErpIntegrationsAdmin_AddsEditsDeactivatesAndReactivatesACostCode()
    {
        var company = await shared.NewCompanyAsync();
        var email = await company.EmailAsync("erp-admin");
        var browser = await Browser.SignInAsync(App, email);

        await browser.SubmitAsync("/cost-codes", [new("Code", "31-200"), new("Description", "Earthwork")]);

        Html.Parse(await browser.GetPageAsync("/cost-codes")).Success().ShouldBe("Cost code 31-200 was added.");
        var id = await company.CostCodeIdAsync("31-200");
        await browser.SubmitAsync($"/cost-codes/{id}/edit", [new("Code", "31-210"), new("Description", "Earthwork and grading")]);
        await browser.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", id.ToString())], "/cost-codes");

        var costCode = await App.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == id));
        costCode.Code.ShouldBe("31-210");
        costCode.Description.ShouldBe("Earthwork and grading");
        costCode.IsActive.ShouldBeFalse();

        await browser.SubmitAsync("/cost-codes?handler=Reactivate", [new("costCodeId", id.ToString())], "/cost-codes");

        (await App.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == id))).IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task ADeactivatedCostCode_IsNoLongerOffered_AndStaysOnTheSubJobsThatUseIt()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", costCodes: ["01-100", "26-050"]);
        var electrical = await company.CostCodeIdAsync("26-050");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        mob.CostCodes.ShouldContain(c => c.CostCodeId == electrical);

        await admin.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", electrical.ToString())], "/cost-codes");
        var renamed = await admin.PostAsync($"/cost-codes/{electrical}/edit", [new("Code", "26-051"), new("Description", "Electrical (old)")], $"/cost-codes/{electrical}/edit");
        renamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await renamed.Content.ReadAsStringAsync()).Text().ShouldContain("so its code cannot change. Deactivate it and add a new cost code instead");
        await admin.SubmitAsync($"/cost-codes/{electrical}/edit", [new("Code", "26-050"), new("Description", "Electrical (old)")]);
        (await App.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == electrical))).Description.ShouldBe("Electrical (old)");

        var newPage = Html.Parse(await admin.GetPageAsync(ProjectAdminKit.NewPath(riverside)));
        newPage.ShouldHave("input[name=CostCodeIds]");
        newPage.ShouldNotHave($"input[value=\"{electrical}\"]");
        var after = await App.RequiredSubJobAsync(riverside, "MOB");
        var kept = after.CostCodes.Single(c => c.CostCodeId == electrical);
        kept.Code.ShouldBe("26-050");
        kept.Description.ShouldBe("Electrical");
        Html.Parse(await admin.GetPageAsync(ProjectAdminKit.EditPath(riverside, mob.Id))).One($"input[name=CostCodeIds][value=\"{electrical}\"]").HasAttribute("checked").ShouldBeTrue();
    }

    [Fact]
    public async Task ACostCodeCannotBeDeactivatedTwice_OrDuplicated()
    {
        var company = await shared.NewCompanyAsync();
        var concrete = await company.CostCodeIdAsync("03-300");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        await admin.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/cost-codes");

        var twice = await admin.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/cost-codes");
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await twice.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Cost code 03-300 is already deactivated.");

        var duplicate = await admin.PostAsync("/cost-codes", [new("Code", "03-300"), new("Description", "Again")], "/cost-codes");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "Code").ShouldBe("The company already has cost code 03-300 (active or deactivated).");
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver")]
    public async Task NotAnErpIntegrationsAdmin_CannotManageCostCodes(string who)
    {
        var company = await shared.NewCompanyAsync();
        var email = await company.EmailAsync(who);
        var concrete = await company.CostCodeIdAsync("03-300");
        var browser = await Browser.SignInAsync(App, email);

        (await browser.Client.GetAsync("/cost-codes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/cost-codes", [new("Code", "99-999"), new("Description", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync($"/cost-codes/{concrete}/edit", [new("Code", "03-301"), new("Description", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var unchanged = await App.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == concrete));
        unchanged.Code.ShouldBe("03-300");
        unchanged.IsActive.ShouldBeTrue();
        (await App.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().AnyAsync(c => c.Code == "99-999"))).ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherCompanysCostCode_IsNotFound()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var theirs = await other.CostCodeIdAsync("03-300");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        (await admin.Client.GetAsync($"/cost-codes/{theirs}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", theirs.ToString())], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
