using System.Net;
using ErpIntegrations.IntegrationTests.Features.Projects;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class CostCodesAdminApiTests
{
    [Theory]
    [InlineData("admin@demo.test")]
    [InlineData("erp-admin")]
    public async Task AnErpIntegrationsAdmin_AddsEditsDeactivatesAndReactivatesACostCode(string who)
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who));

        var response = await api.PostJsonAsync("/api/v1/cost-codes", new { code = " 09-900 ", description = "Painting" });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/cost-codes/{id}");
        created.GetProperty("code").GetString().ShouldBe("09-900");
        created.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        var costCode = (await app.AllCostCodesAsync()).Single(c => c.Id == id);
        (costCode.Code, costCode.Description, costCode.CompanyId).ShouldBe(("09-900", "Painting", (await app.CompanyAsync(DemoData.Demo)).Id));

        var edited = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Painting and coatings" })).JsonAsync(HttpStatusCode.OK);
        edited.GetProperty("code").GetString().ShouldBe("09-900");
        (await app.AllCostCodesAsync()).Single(c => c.Id == id).Description.ShouldBe("Painting and coatings");

        var deactivated = await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/deactivate")).JsonAsync(HttpStatusCode.OK);
        deactivated.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        (await app.AllCostCodesAsync()).Single(c => c.Id == id).IsActive.ShouldBeFalse();
        (await api.GetJsonAsync("/api/v1/cost-codes")).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldNotContain("09-900");
        var all = (await api.GetJsonAsync("/api/v1/cost-codes/all")).GetProperty("items").EnumerateArray().ToList();
        all.Single(c => c.GetProperty("code").GetString() == "09-900").GetProperty("isActive").GetBoolean().ShouldBeFalse();
        all.ShouldAllBe(c => c.GetProperty("usedBySubJobs").GetInt32() >= 0);
        await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);

        var reactivated = await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/reactivate")).JsonAsync(HttpStatusCode.OK);
        reactivated.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        (await app.AllCostCodesAsync()).Single(c => c.Id == id).IsActive.ShouldBeTrue();
        (await api.GetJsonAsync($"/api/v1/cost-codes/{id}")).GetProperty("description").GetString().ShouldBe("Painting and coatings");
        await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/reactivate")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver@demo.test")]
    [InlineData("standard@demo.test")]
    [InlineData("readonly@demo.test")]
    [InlineData("pm@demo.test")]
    public async Task AnyoneButAnErpIntegrationsAdmin_IsRefused403(string who)
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who));
        var before = await app.AllCostCodesAsync();
        var demo = await app.CompanyAsync(DemoData.Demo);
        var id = before.First(c => c.CompanyId == demo.Id).Id;

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Get, "/api/v1/cost-codes/all"),
            new(HttpMethod.Get, $"/api/v1/cost-codes/{id}"),
            new(HttpMethod.Post, "/api/v1/cost-codes", new { code = "99-999", description = "Nope" }),
            new(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Nope" }),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{id}/reactivate"),
        ]);

        (await app.AllCostCodesAsync()).Select(c => (c.Code, c.Description, c.IsActive)).ShouldBe(before.Select(c => (c.Code, c.Description, c.IsActive)));
    }

    [Fact]
    public async Task ChangingTheCodeOfACostCodeSubJobsUse_Answers409_ItsDescriptionStillChanges()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var electrical = (await api.GetJsonAsync("/api/v1/cost-codes/all")).GetProperty("items").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "26-050");
        var id = electrical.GetProperty("id").GetGuid();
        electrical.GetProperty("usedBySubJobs").GetInt32().ShouldBeGreaterThan(0);

        var problem = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { code = "26-051" })).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString()!.ShouldContain("Deactivate it and add a new cost code instead");
        (await app.AllCostCodesAsync()).Single(c => c.Id == id).Code.ShouldBe("26-050");
        var described = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Electrical work" })).JsonAsync(HttpStatusCode.OK);
        described.GetProperty("code").GetString().ShouldBe("26-050");
        (await app.AllCostCodesAsync()).Single(c => c.Id == id).Description.ShouldBe("Electrical work");
    }

    [Fact]
    public async Task AnotherCompanysCostCode_Answers404()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var other = await app.CompanyAsync(DemoData.Other);
        var theirs = (await app.AllCostCodesAsync()).Single(c => c.CompanyId == other.Id && c.Code == "03-300");

        await api.ShouldAllAnswerAsync(HttpStatusCode.NotFound, [
            new(HttpMethod.Get, $"/api/v1/cost-codes/{theirs.Id}"),
            new(HttpMethod.Patch, $"/api/v1/cost-codes/{theirs.Id}", new { description = "Ours now" }),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{theirs.Id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{theirs.Id}/reactivate"),
            new(HttpMethod.Get, $"/api/v1/cost-codes/{Guid.NewGuid()}"),
        ]);

        var after = (await app.AllCostCodesAsync()).Single(c => c.Id == theirs.Id);
        (after.Description, after.IsActive).ShouldBe((theirs.Description, true));
    }

    [Fact]
    public async Task BadInput_Answers400()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var demo = await app.CompanyAsync(DemoData.Demo);
        var codes = (await app.AllCostCodesAsync()).Where(c => c.CompanyId == demo.Id).OrderBy(c => c.Code).ToList();
        var (first, second) = (codes[0], codes[1]);

        await (await api.PostJsonAsync("/api/v1/cost-codes", new { })).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostRawAsync("/api/v1/cost-codes", "null")).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync("/api/v1/cost-codes", new { code = new string('9', CostCode.MaxCodeLength + 1), description = new string('d', CostCode.MaxDescriptionLength + 1) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync("/api/v1/cost-codes", new { code = first.Code, description = "Again" })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.PostRawAsync("/api/v1/cost-codes", "{\"code\": [\"09\"], \"description\": \"X\"}")).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{first.Id}", new { code = second.Code })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{first.Id}", new { description = "" })).ProblemAsync(HttpStatusCode.BadRequest, "description");

        (await app.AllCostCodesAsync()).Where(c => c.CompanyId == demo.Id).Select(c => (c.Code, c.Description)).ShouldBe(codes.Select(c => (c.Code, c.Description)), ignoreOrder: true);
    }
}
