using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>What other people do to a sub job while an approver has it open, through the API as they would.</summary>
internal static class ChangedBehindTheApprover
{
    public const string Refusal = "This sub job changed since you opened it — review it again.";

    /// <summary>The project Admin retrieves, edits and resends it: Ready to Export again, with other content.</summary>
    public static async Task RetrieveEditAndResendAsync(this TestCompany company, Guid id, string description)
    {
        var pm = await ApiClient.ForAsync(company.App, company.ProjectManager.Email);
        await (await pm.PostJsonAsync($"/api/v1/sub-jobs/{id}/retrieve-from-erp")).JsonAsync(HttpStatusCode.OK);
        await (await pm.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { description })).JsonAsync(HttpStatusCode.OK);
        await (await pm.PostJsonAsync($"/api/v1/sub-jobs/{id}/resend-to-erp")).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// A Failed to Export sub job is rejected by another approver, corrected by the project Admin, resent, accepted, and
    /// fails once more: Failed to Export again, with other content.
    /// </summary>
    public static async Task RejectCorrectAndFailAgainAsync(this TestCompany company, Guid id, string description)
    {
        var admin = await ApiClient.ForAsync(company.App, company.Admin.Email);
        await (await admin.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = "Correct the description." })).JsonAsync(HttpStatusCode.OK);
        var pm = await ApiClient.ForAsync(company.App, company.ProjectManager.Email);
        await (await pm.SendJsonAsync(HttpMethod.Patch, $"/api/v1/sub-jobs/{id}", new { description })).JsonAsync(HttpStatusCode.OK);
        await (await pm.PostJsonAsync($"/api/v1/sub-jobs/{id}/resend-to-erp")).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        var now = company.App.Now;
        await company.WithDbAsync(async db =>
        {
            var request = await db.ErpRequests.SingleAsync(r => r.SubJobId == id && r.Status == ErpRequestStatus.InProgress);
            var subJob = await db.SubJobs.SingleAsync(s => s.Id == id);
            request.StartAttempt(Guid.CreateVersion7(now), now);
            request.Fail("Sandbox ERP refused the sub job (simulated fault).", now);
            subJob.MarkExportFailed("Sandbox ERP refused the sub job (simulated fault).", now);
            return await db.SaveChangesAsync();
        });
    }
}
