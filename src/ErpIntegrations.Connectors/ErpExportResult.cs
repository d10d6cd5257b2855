namespace ErpIntegrations.Connectors;

/// <summary>The outcome of exporting one item to the ERP.</summary>
public abstract record ErpExportResult
{
    private ErpExportResult()
    {
    }

    /// <summary>Creates a success carrying the ERP's record id.</summary>
    /// <param name="erpRecordId">The ERP's own id of the created (or already present) record.</param>
    public static ErpExportResult Success(string erpRecordId) => new Succeeded(erpRecordId);

    /// <summary>Creates a failure that may pass if tried again later (the ERP is down, busy, timed out).</summary>
    /// <param name="messages">What the ERP or the connection said.</param>
    public static ErpExportResult Transient(params IReadOnlyList<string> messages) => new Failed(messages, IsTransient: true);

    /// <summary>Creates a failure that trying again will not fix (the ERP refused the data).</summary>
    /// <param name="messages">What the ERP said.</param>
    public static ErpExportResult Permanent(params IReadOnlyList<string> messages) => new Failed(messages, IsTransient: false);

    /// <summary>The ERP holds the record.</summary>
    /// <param name="ErpRecordId">The ERP's own id of the record.</param>
    public sealed record Succeeded(string ErpRecordId) : ErpExportResult;

    /// <summary>The ERP does not hold the record.</summary>
    /// <param name="Messages">What the ERP or the connection said, in its words.</param>
    /// <param name="IsTransient">True when trying again later may succeed.</param>
    public sealed record Failed(IReadOnlyList<string> Messages, bool IsTransient) : ErpExportResult;
}
