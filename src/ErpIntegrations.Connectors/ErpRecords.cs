namespace ErpIntegrations.Connectors;

/// <summary>The facts about a sub job a connector may use to propose its ERP Job ID.</summary>
/// <param name="Code">The sub job's code in ERP Integrations.</param>
/// <param name="Description">The sub job's description.</param>
/// <param name="JobId">The ERP job of the sub job's project.</param>
public sealed record ErpSubJobProposal(string Code, string Description, string JobId);

/// <summary>A cost code sent along with a sub job.</summary>
/// <param name="Code">The company's standard cost code.</param>
/// <param name="Description">Its description.</param>
public sealed record ErpCostCode(string Code, string Description);

/// <summary>One sub job to create in the ERP.</summary>
/// <param name="Reference">
/// ERP Integrations' own identifier of the sub job. It is stored with the ERP record, so that a repeated
/// export after a crash recognises its own earlier write instead of creating a duplicate.
/// </param>
/// <param name="JobId">The ERP job (the project's link) the sub job belongs under.</param>
/// <param name="ErpSubJobId">The ERP Job ID the approver accepted for the sub job.</param>
/// <param name="Description">The sub job's description.</param>
/// <param name="CostCodes">The cost codes the sub job carries.</param>
public sealed record ErpSubJobExport(
    string Reference,
    string JobId,
    string ErpSubJobId,
    string Description,
    IReadOnlyList<ErpCostCode> CostCodes);

/// <summary>A job as the ERP holds it.</summary>
/// <param name="JobId">The job's identifier in the ERP.</param>
/// <param name="Name">The job's name in the ERP.</param>
public sealed record ErpJob(string JobId, string Name);

/// <summary>A sub job as the ERP holds it.</summary>
/// <param name="RecordId">The ERP's own id of the record.</param>
/// <param name="JobId">The job it belongs under.</param>
/// <param name="ErpSubJobId">Its ERP Job ID under that job.</param>
/// <param name="Description">Its description.</param>
/// <param name="Reference">The ERP Integrations reference it was exported with, if any.</param>
/// <param name="CostCodes">Its cost codes.</param>
public sealed record ErpSubJob(
    string RecordId,
    string JobId,
    string ErpSubJobId,
    string Description,
    string? Reference,
    IReadOnlyList<string> CostCodes);
