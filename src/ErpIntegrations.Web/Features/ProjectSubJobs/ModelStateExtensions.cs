using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class ModelStateExtensions
{
    public static void AddInputErrors(this ModelStateDictionary modelState, InputException input)
    {
        foreach (var (field, errors) in input.Errors)
        {
            foreach (var error in errors)
            {
                modelState.AddModelError(field, error);
            }
        }
    }
}
