using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class CostCodesAdminApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Theory]
    [InlineData("admin")]
    [InlineData("erp-admin")]
    public async Task AnErpIntegrationsAdmin_AddsEditsDeactivatesAndReactivatesACostCode(string who)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));

        var response = await api.PostJsonAsync("/api/v1/cost-codes", new { code = " 09-900 ", description = "Painting" });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/cost-codes/{id}");
        created.GetProperty("code").GetString().ShouldBe("09-900");
        created.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        var costCode = (await App.AllCostCodesAsync()).Single(c => c.Id == id);
        (costCode.Code, costCode.Description, costCode.CompanyId).ShouldBe(("09-900", "Painting", company.Id));

        var edited = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Painting and coatings" })).JsonAsync(HttpStatusCode.OK);
        edited.GetProperty("code").GetString().ShouldBe("09-900");
        (await App.AllCostCodesAsync()).Single(c => c.Id == id).Description.ShouldBe("Painting and coatings");

        var deactivated = await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/deactivate")).JsonAsync(HttpStatusCode.OK);
        deactivated.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        (await App.AllCostCodesAsync()).Single(c => c.Id == id).IsActive.ShouldBeFalse();
        (await api.GetJsonAsync("/api/v1/cost-codes")).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldNotContain("09-900");
        var all = (await api.GetJsonAsync("/api/v1/cost-codes/all")).GetProperty("items").EnumerateArray().ToList();
        all.Single(c => c.GetProperty("code").GetString() == "09-900").GetProperty("isActive").GetBoolean().ShouldBeFalse();
        all.ShouldAllBe(c => c.GetProperty("usedBySubJobs").GetInt32() >= 0);
        await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);

        var reactivated = await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/reactivate")).JsonAsync(HttpStatusCode.OK);
        reactivated.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        (await App.AllCostCodesAsync()).Single(c => c.Id == id).IsActive.ShouldBeTrue();
        (await api.GetJsonAsync($"/api/v1/cost-codes/{id}")).GetProperty("description").GetString().ShouldBe("Painting and coatings");
        await (await api.PostJsonAsync($"/api/v1/cost-codes/{id}/reactivate")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver")]
    [InlineData("standard")]
    [InlineData("readonly")]
    [InlineData("pm")]
    public async Task AnyoneButAnErpIntegrationsAdmin_IsRefused403(string who)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));
        var before = await CostCodesOfAsync(company);
        var id = before[0].Id;

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Get, "/api/v1/cost-codes/all"),
            new(HttpMethod.Get, $"/api/v1/cost-codes/{id}"),
            new(HttpMethod.Post, "/api/v1/cost-codes", new { code = "99-999", description = "Nope" }),
            new(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Nope" }),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{id}/reactivate"),
        ]);

        (await CostCodesOfAsync(company)).Select(c => (c.Code, c.Description, c.IsActive)).ShouldBe(before.Select(c => (c.Code, c.Description, c.IsActive)));
    }

    [Fact]
    public async Task ChangingTheCodeOfACostCodeSubJobsUse_Answers409_ItsDescriptionStillChanges()
    {
        var company = await shared.NewCompanyAsync();
        await company.SubJobAsync(await company.ProjectAsync(), costCodes: ["26-050"]);
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var electrical = (await api.GetJsonAsync("/api/v1/cost-codes/all")).GetProperty("items").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "26-050");
        var id = electrical.GetProperty("id").GetGuid();
        electrical.GetProperty("usedBySubJobs").GetInt32().ShouldBeGreaterThan(0);

        var problem = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { code = "26-051" })).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString()!.ShouldContain("Deactivate it and add a new cost code instead");
        (await App.AllCostCodesAsync()).Single(c => c.Id == id).Code.ShouldBe("26-050");
        var described = await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{id}", new { description = "Electrical work" })).JsonAsync(HttpStatusCode.OK);
        described.GetProperty("code").GetString().ShouldBe("26-050");
        (await App.AllCostCodesAsync()).Single(c => c.Id == id).Description.ShouldBe("Electrical work");
    }

    [Fact]
    public async Task AnotherCompanysCostCode_Answers404()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var theirs = (await CostCodesOfAsync(other)).Single(c => c.Code == "03-300");

        await api.ShouldAllAnswerAsync(HttpStatusCode.NotFound, [
            new(HttpMethod.Get, $"/api/v1/cost-codes/{theirs.Id}"),
            new(HttpMethod.Patch, $"/api/v1/cost-codes/{theirs.Id}", new { description = "Ours now" }),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{theirs.Id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/cost-codes/{theirs.Id}/reactivate"),
            new(HttpMethod.Get, $"/api/v1/cost-codes/{Guid.NewGuid()}"),
        ]);

        var after = (await App.AllCostCodesAsync()).Single(c => c.Id == theirs.Id);
        (after.Description, after.IsActive).ShouldBe((theirs.Description, true));
    }

    [Fact]
    public async Task BadInput_Answers400()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var codes = (await CostCodesOfAsync(company)).OrderBy(c => c.Code).ToList();
        var (first, second) = (codes[0], codes[1]);

        await (await api.PostJsonAsync("/api/v1/cost-codes", new { })).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostRawAsync("/api/v1/cost-codes", "null")).ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync("/api/v1/cost-codes", new { code = new string('9', CostCode.MaxCodeLength + 1), description = new string('d', CostCode.MaxDescriptionLength + 1) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "code", "description");
        await (await api.PostJsonAsync("/api/v1/cost-codes", new { code = first.Code, description = "Again" })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.PostRawAsync("/api/v1/cost-codes", "{\"code\": [\"09\"], \"description\": \"X\"}")).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{first.Id}", new { code = second.Code })).ProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/cost-codes/{first.Id}", new { description = "" })).ProblemAsync(HttpStatusCode.BadRequest, "description");

        (await CostCodesOfAsync(company)).Select(c => (c.Code, c.Description)).ShouldBe(codes.Select(c => (c.Code, c.Description)), ignoreOrder: true);
    }

    private async Task<List<CostCode>> CostCodesOfAsync(TestCompany company) =>
        [.. (await App.AllCostCodesAsync()).Where(c => c.CompanyId == company.Id)];
}
