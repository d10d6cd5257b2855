using System.Text.RegularExpressions;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>The input rules shared by Create and Edit; field keys are the form's field names.</summary>
internal static partial class SubJobFields
{
    public const string Code = "Code";
    public const string Description = "Description";
    public const string CostCodes = "CostCodes";

    /// <summary>Checks the fields and loads the chosen cost codes, or throws one <see cref="InputException"/> with every problem.</summary>
    public static async Task<(string Code, string Description, List<CostCode> CostCodes)> ValidateAsync(
        AppDbContext db,
        ErpCapabilities erp,
        Guid projectId,
        Guid? subJobId,
        string? code,
        string? description,
        IReadOnlyCollection<Guid>? costCodeIds,
        IReadOnlyCollection<Guid> alreadyChosen,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedCode = code?.Trim() ?? "";
        var trimmedDescription = description?.Trim() ?? "";

        if (trimmedCode.Length == 0)
        {
            errors[Code] = ["Enter a code."];
        }
        else if (!CodePattern().IsMatch(trimmedCode))
        {
            errors[Code] = ["Use only letters and digits in the code, without spaces or other characters."];
        }
        else if (trimmedCode.Length > erp.MaxCodeLength)
        {
            errors[Code] = [$"The code can be at most {erp.MaxCodeLength} characters for {erp.DisplayName}."];
        }
        else if (await CodeTakenAsync(db, projectId, subJobId, trimmedCode, cancellationToken))
        {
            errors[Code] = [$"This project already has a sub job with the code {trimmedCode}."];
        }

        if (trimmedDescription.Length == 0)
        {
            errors[Description] = ["Enter a description."];
        }
        else if (trimmedDescription.Length > erp.MaxDescriptionLength)
        {
            errors[Description] = [$"The description can be at most {erp.MaxDescriptionLength} characters for {erp.DisplayName}."];
        }

        var ids = (costCodeIds ?? []).Distinct().ToList();
        var costCodes = await db.CostCodes
            .Where(c => ids.Contains(c.Id) && (c.IsActive || alreadyChosen.Contains(c.Id)))
            .OrderBy(c => c.Code)
            .ToListAsync(cancellationToken);
        if (costCodes.Count != ids.Count)
        {
            errors[CostCodes] = ["Choose cost codes from the company's active standard list."];
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return (trimmedCode, trimmedDescription, costCodes);
    }

    public static Task<bool> CodeTakenAsync(AppDbContext db, Guid projectId, Guid? exceptSubJobId, string code, CancellationToken cancellationToken)
    {
        var upper = code.ToUpperInvariant();
        return db.SubJobs.AnyAsync(s => s.ProjectId == projectId && s.Id != exceptSubJobId && s.Code.ToUpper() == upper, cancellationToken);
    }

    public static InputException DuplicateCode(string code) =>
        new(Code, $"This project already has a sub job with the code {code}.");

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex CodePattern();
}
