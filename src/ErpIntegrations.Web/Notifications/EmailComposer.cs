using System.Net;
using System.Text;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Notifications;

public sealed class EmailComposer(AppLinks links)
{
    public OutboxEmail Rejection(Company company, Project project, SubJob subJob, User sender, AuditEntry rejected)
    {
        var link = links.SubJob(project.Id, subJob.Id);
        var subject = $"{company.Name}: ERP Sub Job Rejection Notification";
        var facts = new Fact[]
        {
            new("Project", $"{project.Number} {project.Name}"),
            new("Sub job", $"{subJob.Code} — {subJob.Description}"),
            new("Rejected by", rejected.ActorName),
            new("Rejected at", TimeZones.Exact(TimeZones.Find(sender.TimeZone), rejected.At)),
            new("Reason", rejected.Details ?? ""),
        };
        return Compose(
            company, EmailKind.Rejection, sender, subject,
            $"{rejected.ActorName} rejected sub job {subJob.Code} for export to ERP. It is back in the project's Admin tool: correct it there and send it to ERP again.",
            facts, ("Open the sub job", link), rejected.At);
    }

    public OutboxEmail ExportFailed(Company company, Project project, SubJob subJob, User approver, AuditEntry failed)
    {
        var subject = $"{company.Name}: ERP Sub Job Export Failed";
        var facts = new Fact[]
        {
            new("Project", $"{project.Number} {project.Name}"),
            new("Sub job", $"{subJob.Code} — {subJob.Description}"),
            new("ERP Job ID", subJob.ErpSubJobId ?? ""),
            new("Failed at", TimeZones.Exact(TimeZones.Find(approver.TimeZone), failed.At)),
            new("The ERP said", failed.Details ?? ""),
        };
        return Compose(
            company, EmailKind.ExportFailed, approver, subject,
            $"Sub job {subJob.Code}, which you accepted, failed to export to the ERP. Retry it once the ERP is fixed, or reject it so that its sender can correct it.",
            facts, ("Open Failed to Export", links.FailedToExport()), failed.At);
    }

    public OutboxEmail DailySummary(Company company, User approver, int readyToExport, int failedToExport, IReadOnlyList<(string Project, string Code, string Description, SubJobState State, DateTime? SentAt)> oldest, DateTime now)
    {
        var subject = $"{company.Name}: ERP Integrations Daily Summary";
        var facts = new List<Fact>
        {
            new("Ready to Export", readyToExport.ToString(System.Globalization.CultureInfo.InvariantCulture), links.ReadyToExport()),
            new("Failed to Export", failedToExport.ToString(System.Globalization.CultureInfo.InvariantCulture), links.FailedToExport()),
        };
        var zone = TimeZones.Find(approver.TimeZone);
        facts.AddRange(oldest.Select(o => new Fact(
            o.SentAt is { } sent ? $"Waiting since {TimeZones.Local(zone, sent):yyyy-MM-dd}" : "Waiting",
            $"{o.Project} · {o.Code} — {o.Description} ({o.State.ToDisplay()})",
            o.State == SubJobState.FailedToExport ? links.FailedToExport(o.Code) : links.ReadyToExport(o.Code))));
        var email = Compose(
            company, EmailKind.DailySummary, approver, subject,
            $"{readyToExport + failedToExport} sub jobs are waiting for an accounting approver in ERP Integrations. The oldest are listed below.",
            facts, ("Open ERP Integrations", links.ReadyToExport()), now, $"daily-summary:{approver.Id:N}:{now:yyyy-MM-dd}");
        return email;
    }

    public OutboxEmail SetPasswordLink(Company company, User user, string invitedBy, string token, TimeSpan validFor, DateTime now)
    {
        var subject = $"{company.Name}: set your ERP Integrations password";
        var facts = new Fact[]
        {
            new("Sign-in email", user.Email ?? ""),
            new("Sent by", invitedBy),
            new("The link works", $"once, for {validFor.TotalHours:0} hours"),
        };
        return Compose(
            company, EmailKind.SetPassword, user, subject,
            $"{invitedBy} gave you access to ERP Integrations at {company.Name}. Choose your password with the link below; then sign in with your email.",
            facts, ("Set your password", links.SetPassword(user.Id, token)), now);
    }

    private static OutboxEmail Compose(Company company, EmailKind kind, User to, string subject, string lead, IReadOnlyList<Fact> facts, (string Text, string Url) action, DateTime now, string? dedupKey = null)
    {
        var text = new StringBuilder()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Hello {to.DisplayName},")
            .AppendLine()
            .AppendLine(lead)
            .AppendLine();
        foreach (var (label, value, url) in facts)
        {
            text.AppendLine(url is null ? $"{label}: {value}" : $"{label}: {value} <{url}>");
        }

        text.AppendLine()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{action.Text}: {action.Url}")
            .AppendLine()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"— ERP Integrations, {company.Name}");

        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder()
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"<html><body style=\"font-family:sans-serif;color:#1d2733\"><p>Hello {E(to.DisplayName)},</p><p>{E(lead)}</p><table cellpadding=\"4\">");
        foreach (var (label, value, url) in facts)
        {
            var cell = url is null ? E(value) : $"<a href=\"{E(url)}\">{E(value)}</a>";
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{E(label)}</th><td>{cell}</td></tr>");
        }

        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"</table><p><a href=\"{E(action.Url)}\">{E(action.Text)}</a></p><p style=\"color:#5b6775\">ERP Integrations, {E(company.Name)}</p></body></html>");
        return new OutboxEmail(Guid.CreateVersion7(now), company.Id, kind, to.Email ?? "", to.DisplayName, subject, text.ToString(), html.ToString(), now, dedupKey);
    }
}

public sealed record Fact(string Label, string Value, string? Url = null);

// Absolute links into the app for emails (App:PublicBaseUrl).
public sealed class AppLinks(string publicBaseUrl)
{
    private readonly string _base = publicBaseUrl.TrimEnd('/');

    public string SubJob(Guid projectId, Guid subJobId) => $"{_base}/projects/{projectId}/admin/sub-jobs/{subJobId}";

    public string FailedToExport(string? code = null) => $"{_base}/erp-integrations/sub-jobs?filter=failed-to-export{Search(code)}";

    public string SetPassword(Guid userId, string token) =>
        $"{_base}/set-password?user={userId}&token={Uri.EscapeDataString(token)}";

    public string ReadyToExport(string? code = null) => $"{_base}/erp-integrations/sub-jobs?filter=ready-to-export{Search(code)}";

    private static string Search(string? code) => code is null ? "" : $"&q={Uri.EscapeDataString(code)}";
}
