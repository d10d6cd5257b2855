using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>Two requests that pass the same "is it taken?" check at once: the database keeps one, the other is a 409.</summary>
public sealed class UniqueRaceTests
{
    [Fact]
    public async Task TheSecondOfTwoEqualCostCodes_IsAUniqueViolation_AnsweredAs409()
    {
        await using var app = new AppFactory();
        var demo = await app.CompanyAsync(DemoData.Demo);
        await using var first = app.ScopeFor(demo.Id, out var db1);
        await using var second = app.ScopeFor(demo.Id, out var db2);
        db1.CostCodes.Add(new CostCode(Guid.CreateVersion7(), demo.Id, "31-000", "Earthwork"));
        db2.CostCodes.Add(new CostCode(Guid.CreateVersion7(), demo.Id, "31-000", "Earthwork"));

        await db1.SaveChangesAsync();
        var lost = await Should.ThrowAsync<DbUpdateException>(() => db2.SaveChangesAsync());

        Problems.IsUniqueViolation(lost).ShouldBeTrue();
        var problem = Problems.For(lost).ShouldNotBeNull();
        problem.Status.ShouldBe(StatusCodes.Status409Conflict);
        problem.Detail.ShouldBe(Problems.DuplicateSave);
        Problems.MessageFor(lost).ShouldBe(Problems.DuplicateSave);
        (await app.WithDbAsync(demo.Id, db => db.CostCodes.CountAsync(c => c.Code == "31-000"))).ShouldBe(1);
    }
}
