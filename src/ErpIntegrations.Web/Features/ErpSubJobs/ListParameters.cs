using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

internal static class ListParameters
{
    // The filter, cursor and page size the parameters name, and whether to answer CSV (format=csv, or no format and an Accept
    // header that asks for it); a wrong one answers 400 with every field's error.
    public static (SubJobFilter Filter, ListSort Sort, ListCursor? After, bool Csv, int? Limit) Read(
        string? filter, string? search, string? cursor, string? limitText, string? format = null, bool acceptsCsv = false, string? sort = null)
    {
        var errors = new Dictionary<string, string[]>();
        // Read here rather than bound as an int: a generated request delegate answers a number it cannot read with a bare
        // 400, without naming the parameter.
        int? limit = null;
        if (!string.IsNullOrEmpty(limitText))
        {
            if (int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                limit = number;
            }
            else
            {
                errors["limit"] = [$"\"{limitText}\" is not a valid value."];
            }
        }

        var parsed = SubJobFilters.ParseApi(filter);
        if (parsed is null)
        {
            errors["filter"] = ["Use one of: ready_to_export, failed_to_export, synced, ready_to_import."];
        }

        if (search?.Length > List.MaxSearchLength)
        {
            errors["search"] = [$"Keep the search to at most {List.MaxSearchLength} characters."];
        }

        var order = ListSorts.Parse(sort);
        if (order is null)
        {
            errors["sort"] = ["Use one of: newest, oldest, project, code."];
        }

        var after = ListCursor.Parse(cursor);
        if (!string.IsNullOrEmpty(cursor) && (after is null || (order is { } o && !after.Fits(o))))
        {
            errors["cursor"] = ["Use the nextCursor of a previous page, unchanged, with the same sort."];
        }

        if (limit is < 1 or > List.MaxPageSize)
        {
            errors["limit"] = [$"Ask for 1 to {List.MaxPageSize} items."];
        }

        if (parsed == SubJobFilter.ReadyToImport && (cursor is not null || limit is not null))
        {
            errors[cursor is not null ? "cursor" : "limit"] = ["Ready to Import is read from the ERP and returned whole, in one page: leave out limit and cursor."];
        }

        var csv = format?.Trim().ToLowerInvariant() switch
        {
            null or "" => acceptsCsv,
            "csv" => true,
            "json" => false,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            errors["format"] = ["Use json (the default) or csv."];
        }
        else if (csv.Value && (cursor is not null || limit is not null))
        {
            errors[cursor is not null ? "cursor" : "limit"] = ["A CSV export is the whole list under the filter and search: leave out limit and cursor."];
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return (parsed!.Value, order!.Value, after, csv!.Value, limit);
    }

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Schema = parameter.Name switch
            {
                "filter" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. SubJobFilters.All.Select(f => (JsonNode)JsonValue.Create(f.Slug().Replace('-', '_')))],
                    Default = JsonValue.Create("ready_to_export"),
                },
                "limit" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = List.MaxPageSize.ToString(CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(List.PageSize),
                },
                "search" => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = List.MaxSearchLength },
                "sort" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. ListSorts.All.Select(s => (JsonNode)JsonValue.Create(s.Slug()))],
                    Default = JsonValue.Create(ListSort.Newest.Slug()),
                },
                "format" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [JsonValue.Create("json"), JsonValue.Create("csv")],
                    Default = JsonValue.Create("json"),
                },
                _ => parameter.Schema,
            };
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse found)
        {
            found.Content ??= new Dictionary<string, OpenApiMediaType>();
            found.Content[ListCsv.ContentType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "With format=csv or Accept: text/csv: " + string.Join(", ", ListCsv.Header) + ", one row per sub job.",
                },
            };
        }

        return Task.CompletedTask;
    }
}
