using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// How the API's approval decisions (Accept, Reject, Retry, one at a time or in bulk) carry the version the approver
// reviewed, in the words of its OpenAPI description.
internal static class ReviewedVersion
{
    public const string Description =
        "Send version: the sub job's version you reviewed, as GET /api/v1/erp/sub-jobs or GET /api/v1/erp/sub-jobs/{id} gave it. "
        + "If a project Admin retrieved, edited and resent the sub job since, the decision is refused with 409 (\""
        + SubJob.ChangedSinceSeen
        + "\") instead of acting on content nobody reviewed. Without version the decision applies to the sub job as it is now; "
        + "sending it is how a script stays safe.";
}
