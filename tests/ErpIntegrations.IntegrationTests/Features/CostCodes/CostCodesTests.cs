using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Projects;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.CostCodes;

public sealed class CostCodesTests
{
    [Fact]
    public async Task ErpIntegrationsAdmin_AddsEditsDeactivatesAndReactivatesACostCode()
    {
        await using var app = new AppFactory();
        var email = await app.MakeAsync("erp-admin");
        var browser = await Browser.SignInAsync(app, email);

        await browser.SubmitAsync("/cost-codes", [new("Code", "31-200"), new("Description", "Earthwork")]);

        (await browser.PageTextAsync("/cost-codes")).ShouldContain("Cost code 31-200 was added.");
        var id = await app.CostCodeIdAsync("31-200");
        await browser.SubmitAsync($"/cost-codes/{id}/edit", [new("Code", "31-210"), new("Description", "Earthwork and grading")]);
        await browser.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", id.ToString())], "/cost-codes");

        var costCode = await app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == id));
        costCode.Code.ShouldBe("31-210");
        costCode.Description.ShouldBe("Earthwork and grading");
        costCode.IsActive.ShouldBeFalse();

        await browser.SubmitAsync("/cost-codes?handler=Reactivate", [new("costCodeId", id.ToString())], "/cost-codes");

        (await app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == id))).IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task ADeactivatedCostCode_IsNoLongerOffered_AndStaysOnTheSubJobsThatUseIt()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var electrical = await app.CostCodeIdAsync("26-050");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        mob.CostCodes.ShouldContain(c => c.CostCodeId == electrical);

        await admin.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", electrical.ToString())], "/cost-codes");
        var renamed = await admin.PostAsync($"/cost-codes/{electrical}/edit", [new("Code", "26-051"), new("Description", "Electrical (old)")], $"/cost-codes/{electrical}/edit");
        renamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await renamed.TextAsync()).ShouldContain("so its code cannot change. Deactivate it and add a new cost code instead");
        await admin.SubmitAsync($"/cost-codes/{electrical}/edit", [new("Code", "26-050"), new("Description", "Electrical (old)")]);
        (await app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == electrical))).Description.ShouldBe("Electrical (old)");

        (await admin.PageTextAsync(ProjectAdminKit.NewPath(riverside))).ShouldNotContain($"value=\"{electrical}\"");
        var after = await app.RequiredSubJobAsync("1001", "MOB");
        var kept = after.CostCodes.Single(c => c.CostCodeId == electrical);
        kept.Code.ShouldBe("26-050");
        kept.Description.ShouldBe("Electrical");
        (await admin.PageTextAsync(ProjectAdminKit.EditPath(riverside, mob.Id))).ShouldContain($"value=\"{electrical}\" checked=\"checked\"");
    }

    [Fact]
    public async Task ACostCodeCannotBeDeactivatedTwice_OrDuplicated()
    {
        await using var app = new AppFactory();
        var concrete = await app.CostCodeIdAsync("03-300");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        await admin.SubmitAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/cost-codes");

        var twice = await admin.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/cost-codes");
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await twice.TextAsync()).ShouldBe("Cost code 03-300 is already deactivated.");

        var duplicate = await admin.PostAsync("/cost-codes", [new("Code", "03-300"), new("Description", "Again")], "/cost-codes");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "Code").ShouldBe("The company already has cost code 03-300 (active or deactivated).");
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver@demo.test")]
    public async Task NotAnErpIntegrationsAdmin_CannotManageCostCodes(string who)
    {
        await using var app = new AppFactory();
        var email = who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who);
        var concrete = await app.CostCodeIdAsync("03-300");
        var browser = await Browser.SignInAsync(app, email);

        (await browser.Client.GetAsync("/cost-codes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/cost-codes", [new("Code", "99-999"), new("Description", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", concrete.ToString())], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync($"/cost-codes/{concrete}/edit", [new("Code", "03-301"), new("Description", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var unchanged = await app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().SingleAsync(c => c.Id == concrete));
        unchanged.Code.ShouldBe("03-300");
        unchanged.IsActive.ShouldBeTrue();
        (await app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().AnyAsync(c => c.Code == "99-999"))).ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherCompanysCostCode_IsNotFound()
    {
        await using var app = new AppFactory();
        var theirs = await app.CostCodeIdAsync("03-300", DemoData.Other);
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        (await admin.Client.GetAsync($"/cost-codes/{theirs}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync("/cost-codes?handler=Deactivate", [new("costCodeId", theirs.ToString())], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
