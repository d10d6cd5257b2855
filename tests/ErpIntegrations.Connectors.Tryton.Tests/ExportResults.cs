namespace ErpIntegrations.Connectors.Tryton.Tests;

internal static class ExportResults
{
    public static void ShouldBePermanent(this ErpExportResult result, params string[] messages) => result.ShouldBeFailure(isTransient: false, messages);

    public static void ShouldBeFailure(this ErpExportResult result, bool isTransient, params string[] messages)
    {
        var failed = result.ShouldBeOfType<ErpExportResult.Failed>();
        failed.Messages.ShouldBe(messages);
        failed.IsTransient.ShouldBe(isTransient);
    }
}
