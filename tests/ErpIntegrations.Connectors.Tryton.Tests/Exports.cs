namespace ErpIntegrations.Connectors.Tryton.Tests;

internal static class Exports
{
    public static ErpSubJobExport SubJob(string jobId, string erpSubJobId, string description = "Ground floor fit-out", params ErpCostCode[] costCodes) =>
        new(Guid.NewGuid().ToString(), jobId, erpSubJobId, description, costCodes.Length == 0 ? [new("100", "Labour"), new("200", "Materials")] : costCodes);
}
