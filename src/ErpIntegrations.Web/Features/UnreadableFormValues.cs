using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ErpIntegrations.Web.Features;

// Refuses a page request with 400 before its handler runs when a sent value could not be read as its type (an id that
// is not a Guid, "maybe" for a yes/no, an unknown level). Model binding would otherwise drop the value and the handler
// would act on a default — clearing a sub job's cost codes or unsubscribing someone — as if that had been asked for.
// A field left out of a form that sent too many values (ReadableForms) is refused the same way, in the page's words.
internal sealed class UnreadableFormValues : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (ReadableForms.TakeTooManyValues(context.HttpContext) is [var (field, count), ..])
        {
            throw context.HandlerInstance is FormPageModel page
                ? page.TooManyValues(field, count)
                : ReadableForms.TooManyValuesRefusal(field, count);
        }

        if (context.ModelState.IsValid)
        {
            return;
        }

        var boundTypes = BoundTypes(context);
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, entry) in context.ModelState)
        {
            // A blank value is a missing one, which the handler judges; a text value always binds, so its errors come
            // from validation attributes the page shows beside their fields.
            if (entry.Errors.Count == 0 || string.IsNullOrWhiteSpace(entry.AttemptedValue))
            {
                continue;
            }

            var name = FieldName(key);
            if (boundTypes.TryGetValue(name, out var type) && IsText(type))
            {
                continue;
            }

            errors[name] = [$"\"{entry.AttemptedValue}\" is not a valid value for {name}. Nothing was changed."];
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    private static Dictionary<string, Type> BoundTypes(PageHandlerExecutingContext context)
    {
        var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<ParameterDescriptor> bound = [.. context.ActionDescriptor.BoundProperties, .. context.HandlerMethod?.Parameters ?? []];
        foreach (var parameter in bound)
        {
            types.TryAdd(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType);
        }

        return types;
    }

    private static string FieldName(string key)
    {
        var end = key.IndexOfAny(['[', '.']);
        return end < 0 ? key : key[..end];
    }

    private static bool IsText(Type type) =>
        type == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(type);
}
