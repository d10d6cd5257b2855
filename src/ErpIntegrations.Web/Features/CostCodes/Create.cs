using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.CostCodes;

internal static class Create
{
    internal sealed record Command(string? Code, string? Description);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var (code, description) = await CostCodeAdmin.ValidateAsync(db, null, command.Code, command.Description, cancellationToken);
            var costCode = new CostCode(Guid.CreateVersion7(time.GetUtcNow()), actor.CompanyId, code, description);
            db.CostCodes.Add(costCode);
            await db.SaveChangesAsync(cancellationToken);
            return costCode.Id;
        }
    }

    internal sealed record Body(string? Code, string? Description);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/cost-codes", async (Body? body, Handler create, List.Handler list, CancellationToken cancellationToken) =>
            {
                var id = await create.HandleAsync(new Command(body?.Code, body?.Description), cancellationToken);
                return TypedResults.Created($"/api/v1/cost-codes/{id}", await List.OneAsync(list, id, cancellationToken));
            })
            .WithName("CreateCostCode")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("Add a standard cost code to the company's list. Needs an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
