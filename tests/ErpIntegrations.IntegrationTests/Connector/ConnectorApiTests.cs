using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Connector;

/// <summary>The External connector and the connector API on one shared app; each test has an External company of its own.</summary>
public sealed class ConnectorApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ChoosingExternal_SetsItsRules_AndTheExporterLeavesItsRequestsToTheIntegrator()
    {
        var vista = await ExternalCompany.CreateAsync(App);

        var settings = await vista.Admin.GetJsonAsync("/api/v1/erp/connection/settings");
        settings.GetProperty("connector").GetString().ShouldBe("External");
        settings.TryGetProperty("newCredential", out _).ShouldBeFalse("a token is shown once, when it is created");
        var credentials = (await vista.Admin.GetJsonAsync("/api/v1/erp/connection/credentials")).GetProperty("items");
        credentials.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["agent", "First credential"]);
        settings.GetProperty("capabilities").GetProperty("displayName").GetString().ShouldBe("Vista");
        settings.GetProperty("capabilities").GetProperty("maxCodeLength").GetInt32().ShouldBe(10);
        settings.GetProperty("settings").GetProperty("erpJobIdPattern").GetString().ShouldBe("^[A-Z0-9-]+$");
        var jobs = await vista.Admin.GetJsonAsync("/api/v1/erp/jobs");
        jobs.ToString().ShouldContain(vista.Project.ErpJobId!);

        // The ERP Job ID rules: lower case and the pattern are refused at accept.
        var subJob = await vista.Company.SubJobAsync(vista.Project, SubJobState.ReadyToExport, code: "SJLOWER");
        await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept", new { erpJobId = "sj-lower" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept", new { erpJobId = "SJ.LOWER" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");

        var accepted = await vista.AcceptedSubJobAsync();
        // Other tests' companies on the shared app may have exports due: what matters is that this one is not touched.
        await App.Exporter.RunOnceAsync();
        (await App.RequestsAsync(accepted)).ShouldHaveSingleItem().Attempts.ShouldBe(0, "the exporter claims no request of an integrator's company");
        var pending = (await vista.Connector.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/connector/erp-requests?state=pending")).GetProperty("items");
        pending.GetArrayLength().ShouldBe(1);
        var item = pending[0];
        item.GetProperty("state").GetString().ShouldBe("pending");
        item.GetProperty("jobErpId").GetString().ShouldBe(vista.Project.ErpJobId);
        item.GetProperty("subJob").GetProperty("id").GetGuid().ShouldBe(accepted);
        item.GetProperty("subJob").GetProperty("costCodes")[0].GetProperty("description").GetString().ShouldBe("Cast-in-Place Concrete");
        item.GetProperty("acceptedBy").GetString().ShouldBe(vista.Company.Approver.Name);
        (await vista.SubJobAsync(accepted)).GetProperty("state").GetString().ShouldBe("exporting");
    }

    [Fact]
    public async Task ChoosingAnotherConnector_RevokesTheConnectorCredentials()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        (await vista.Connector.GetAsync("/api/v1/connector/erp-requests?state=pending")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = $"after-{vista.Company.Id:N}" } }))
            .JsonAsync(HttpStatusCode.OK);

        (await vista.Connector.GetAsync("/api/v1/connector/erp-requests?state=pending")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var credentials = (await vista.Admin.GetJsonAsync("/api/v1/erp/connection/credentials")).GetProperty("items");
        credentials.EnumerateArray().ShouldAllBe(c => c.GetProperty("revokedAt").ValueKind != System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task ClaimAndComplete_Syncs_IdempotentlyAndOnlyOnce()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var subJob = await vista.AcceptedSubJobAsync();

        var claimed = await vista.ClaimAsync();
        claimed.GetArrayLength().ShouldBe(1);
        var item = claimed[0];
        item.GetProperty("state").GetString().ShouldBe("claimed");
        item.GetProperty("attempt").GetInt32().ShouldBe(1);
        (await vista.ClaimAsync()).GetArrayLength().ShouldBe(0, "a claimed request is worked by one claimant at a time");

        var done = await (await vista.CompleteAsync(item, "VISTA-77")).JsonAsync(HttpStatusCode.OK);
        done.GetProperty("state").GetString().ShouldBe("synced");
        var again = await (await vista.CompleteAsync(item, "VISTA-77")).JsonAsync(HttpStatusCode.OK);
        again.ToString().ShouldBe(done.ToString(), "the same call twice answers the same");

        await (await vista.CompleteAsync(item, "VISTA-78")).ProblemAsync(HttpStatusCode.Conflict);
        await (await vista.FailAsync(item, false, "too late")).ProblemAsync(HttpStatusCode.Conflict);
        var synced = await vista.SubJobAsync(subJob);
        synced.GetProperty("state").GetString().ShouldBe("synced");
        synced.GetProperty("history").ToString().ShouldContain("VISTA-77");
    }

    [Fact]
    public async Task TheSameAnswerSentTwiceAtOnce_IsSavedOnce_AndBothCallsGetIt()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var completed = new List<Guid>();
        var failed = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            completed.Add(await vista.AcceptedSubJobAsync());
            failed.Add(await vista.AcceptedSubJobAsync());
        }

        var claimed = (await vista.ClaimAsync()).EnumerateArray().ToDictionary(i => i.GetProperty("subJob").GetProperty("id").GetGuid());
        foreach (var subJob in completed)
        {
            var twice = await Task.WhenAll(Task.Run(() => vista.CompleteAsync(claimed[subJob], "VISTA-" + subJob)), Task.Run(() => vista.CompleteAsync(claimed[subJob], "VISTA-" + subJob)));
            var answers = await Task.WhenAll(twice.Select(r => r.JsonAsync(HttpStatusCode.OK)));
            answers[1].ToString().ShouldBe(answers[0].ToString(), "an integrator's retry that crosses its first call answers the same");
            (await vista.SubJobAsync(subJob)).GetProperty("state").GetString().ShouldBe("synced");
        }

        foreach (var subJob in failed)
        {
            var twice = await Task.WhenAll(Task.Run(() => vista.FailAsync(claimed[subJob], false, "Vista: closed.")), Task.Run(() => vista.FailAsync(claimed[subJob], false, "Vista: closed.")));
            var answers = await Task.WhenAll(twice.Select(r => r.JsonAsync(HttpStatusCode.OK)));
            answers[1].GetProperty("state").GetString().ShouldBe("failed");
            answers[0].GetProperty("state").GetString().ShouldBe("failed");
            (await vista.SubJobAsync(subJob)).GetProperty("state").GetString().ShouldBe("failed_to_export");
        }
    }

    [Fact]
    public async Task FailPermanent_ShowsTheMessages_AndFailTransient_RetriesAfterABackoff()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var refused = await vista.AcceptedSubJobAsync();
        var retried = await vista.AcceptedSubJobAsync();
        var claimed = await vista.ClaimAsync();
        var first = claimed.EnumerateArray().Single(i => i.GetProperty("subJob").GetProperty("id").GetGuid() == refused);
        var second = claimed.EnumerateArray().Single(i => i.GetProperty("subJob").GetProperty("id").GetGuid() == retried);

        var failed = await (await vista.FailAsync(first, false, "Vista: cost code 03-300 is closed.", "Open it, then Retry.")).JsonAsync(HttpStatusCode.OK);
        failed.GetProperty("state").GetString().ShouldBe("failed");
        (await vista.FailAsync(first, false, "Vista: cost code 03-300 is closed.", "Open it, then Retry.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await vista.SubJobAsync(refused);
        shown.GetProperty("state").GetString().ShouldBe("failed_to_export");
        shown.GetProperty("errors").ToString().ShouldContain("Vista: cost code 03-300 is closed.");

        var waiting = await (await vista.FailAsync(second, true, "Vista is down for maintenance.")).JsonAsync(HttpStatusCode.OK);
        waiting.GetProperty("state").GetString().ShouldBe("pending");
        (await vista.ClaimAsync()).GetArrayLength().ShouldBe(0, "not before its backoff");
        App.Time.Advance(TimeSpan.FromMinutes(10));
        var reclaimed = await vista.ClaimAsync();
        reclaimed.GetArrayLength().ShouldBe(1);
        reclaimed[0].GetProperty("attempt").GetInt32().ShouldBe(2);
        reclaimed[0].GetProperty("messages")[0].GetString().ShouldBe("Vista is down for maintenance.");
        await (await vista.CompleteAsync(reclaimed[0], "VISTA-9")).JsonAsync(HttpStatusCode.OK);
        (await vista.SubJobAsync(retried)).GetProperty("state").GetString().ShouldBe("synced");
    }

    [Fact]
    public async Task AnExpiredLease_IsClaimedAgain_AndItsLateAnswerIsRefused()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var subJob = await vista.AcceptedSubJobAsync();
        var first = (await vista.ClaimAsync())[0];

        App.Time.Advance(TimeSpan.FromSeconds(31));
        var late = await (await vista.CompleteAsync(first, "VISTA-1")).ProblemAsync(HttpStatusCode.Conflict);
        late.GetProperty("detail").GetString()!.ShouldContain("expired");
        var second = (await vista.ClaimAsync())[0];
        second.GetProperty("leaseId").GetGuid().ShouldNotBe(first.GetProperty("leaseId").GetGuid());
        second.GetProperty("attempt").GetInt32().ShouldBe(2);
        await (await vista.CompleteAsync(first, "VISTA-1")).ProblemAsync(HttpStatusCode.Conflict);
        await (await vista.CompleteAsync(second, "VISTA-1", leaseId: Guid.NewGuid())).ProblemAsync(HttpStatusCode.Conflict);
        await (await vista.CompleteAsync(second, "VISTA-2")).JsonAsync(HttpStatusCode.OK);
        (await vista.SubJobAsync(subJob)).GetProperty("state").GetString().ShouldBe("synced");
    }

    [Fact]
    public async Task TheLongPoll_IsAnsweredByAnAccept_AndAnEmptyOneAfterTheTimeAsked()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var subJob = await vista.Company.SubJobAsync(vista.Project, SubJobState.ReadyToExport);

        // The app's clock stands still: neither the claim's wait nor its half-second look in the database can end it,
        // only the accept's wake-up. (The wall-clock bound is a safety net for a busy machine, not what is tested.)
        var claim = vista.ClaimAsync(waitSeconds: 20);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        claim.IsCompleted.ShouldBeFalse("nothing is pending yet");
        await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept", new { })).JsonAsync(HttpStatusCode.Accepted);
        var claimed = await claim.WaitAsync(TimeSpan.FromSeconds(30));
        claimed.GetArrayLength().ShouldBe(1);
        await (await vista.CompleteAsync(claimed[0], "VISTA-LP")).JsonAsync(HttpStatusCode.OK);

        // Nothing is pending now (however far the clock goes, no lease runs out to make it pending again).
        var empty = vista.ClaimAsync(waitSeconds: 1);
        var advanced = TimeSpan.Zero;
        var safetyNet = Stopwatch.StartNew();
        while (!empty.IsCompleted)
        {
            safetyNet.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the empty claim did not answer");
            App.Time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            await Task.WhenAny(empty, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        (await empty).GetArrayLength().ShouldBe(0);
        advanced.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "an empty claim waits the time asked");
    }

    [Fact]
    public async Task CredentialScope_ConnectorOnlyForConnectorRoutes_PeopleOnlyForTheirs_AndOtherCompaniesNotFound()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var other = await ExternalCompany.CreateAsync(App);
        await vista.AcceptedSubJobAsync();
        var theirs = await other.AcceptedSubJobAsync();
        var theirItem = (await other.ClaimAsync())[0];

        (await vista.Connector.GetAsync("/api/v1/erp/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await vista.Connector.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await vista.Admin.GetAsync("/api/v1/connector/erp-requests")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await vista.Admin.PostJsonAsync("/api/v1/connector/erp-requests/claim", new { })).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await vista.Connector.GetAsync($"/api/v1/connector/erp-requests/{theirItem.GetProperty("id").GetGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await vista.CompleteAsync(theirItem, "STOLEN")).ProblemAsync(HttpStatusCode.NotFound);
        (await vista.ClaimAsync()).EnumerateArray().ShouldNotContain(i => i.GetProperty("subJob").GetProperty("id").GetGuid() == theirs);

        var listed = await vista.Admin.GetJsonAsync("/api/v1/erp/connection/credentials");
        listed.GetProperty("items").ToString().ShouldNotContain(vista.Credential);
        var id = listed.GetProperty("items")[0].GetProperty("id").GetGuid();
        (await vista.Admin.Client.DeleteAsync($"/api/v1/erp/connection/credentials/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await vista.Connector.GetAsync("/api/v1/connector/erp-requests")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await other.Admin.Client.DeleteAsync($"/api/v1/erp/connection/credentials/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadInput_IsAClearProblem_AndChangesNothing()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        await vista.AcceptedSubJobAsync();
        var item = (await vista.ClaimAsync())[0];
        var id = item.GetProperty("id").GetGuid();
        var lease = item.GetProperty("leaseId").GetGuid();
        string Fail(string path = "fail") => $"/api/v1/connector/erp-requests/{id}/{path}";

        await (await vista.Connector.PostAsJsonAsync($"/api/v1/connector/erp-requests/{Guid.NewGuid()}/complete", new { leaseId = lease, erpRecordId = "X" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await vista.Connector.PostAsJsonAsync(Fail(), new { leaseId = lease, transient = false, messages = Array.Empty<string>() })).ProblemAsync(HttpStatusCode.BadRequest, "messages");
        await (await vista.Connector.PostAsJsonAsync(Fail(), new { leaseId = lease, transient = false, messages = Enumerable.Repeat("x", 21) })).ProblemAsync(HttpStatusCode.BadRequest, "messages");
        await (await vista.Connector.PostAsJsonAsync(Fail(), new { leaseId = lease, transient = false, messages = new[] { new string('x', 1001) } })).ProblemAsync(HttpStatusCode.BadRequest, "messages[0]");
        await (await vista.Connector.PostAsJsonAsync(Fail(), new { leaseId = lease, messages = new[] { "x" } })).ProblemAsync(HttpStatusCode.BadRequest, "transient");
        await (await vista.Connector.PostAsJsonAsync(Fail("complete"), new { erpRecordId = "X" })).ProblemAsync(HttpStatusCode.BadRequest, "leaseId");
        await (await vista.Connector.PostAsJsonAsync(Fail("complete"), new { leaseId = lease, erpRecordId = "" })).ProblemAsync(HttpStatusCode.BadRequest, "erpRecordId");
        await (await vista.Connector.PostAsync(Fail(), new StringContent("{\"leaseId\": \"nope\"}", Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await vista.Connector.PostAsJsonAsync("/api/v1/connector/erp-requests/claim", new { max = 0, waitSeconds = 99 })).ProblemAsync(HttpStatusCode.BadRequest, "max", "waitSeconds");
        await (await vista.Connector.GetAsync("/api/v1/connector/erp-requests?state=lost")).ProblemAsync(HttpStatusCode.BadRequest, "state");
        (await vista.Connector.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/connector/erp-requests/{id}")).GetProperty("state").GetString().ShouldBe("claimed");

        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/jobs", new { })).ProblemAsync(HttpStatusCode.BadRequest, "items");
        await (await vista.Connector.PutAsync("/api/v1/connector/jobs", new StringContent("{\"items\": \"JOB-1\"}", Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/jobs", new { items = new[] { new { erpJobId = "J-1", name = "One" }, new { erpJobId = "j-1", name = "Again" }, new { erpJobId = "", name = "" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "items[1].erpJobId", "items[2].erpJobId", "items[2].name");
        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/staged-sub-jobs", new { items = new[] { new { jobErpId = "J-1", erpSubJobId = "S1", description = "", costCodes = new[] { "03 300!" } } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "items[0].description", "items[0].costCodes[0]");
        (await vista.Admin.GetJsonAsync("/api/v1/erp/jobs")).ToString().ShouldContain(vista.Project.ErpJobId!, customMessage: "the jobs reported before are kept");

        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings = new { displayName = "Vista", webhookUrl = "ftp://hooks.example.com/erp" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.webhookUrl");
        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings = new { displayName = "Vista", webhookUrl = "http://localhost/api/v1/hooks" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.webhookUrl");
        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings = new { displayName = "Vista", webhookUrl = "http://10.1.2.3/hooks" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.webhookUrl");
        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings = new { displayName = "Vista", erpJobIdMaxLength = 0, erpJobIdPattern = "([", erpJobIdCase = "title" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.erpJobIdMaxLength", "settings.erpJobIdPattern", "settings.erpJobIdCase");
    }

    [Fact]
    public async Task ReportedJobsAndStagedSubJobs_FeedLinkingAndReadyToImport_EachListReplacedWhole()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var job = vista.Project.ErpJobId!;
        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/jobs", new { items = new[] { new { erpJobId = job, name = "Linked" }, new { erpJobId = "NEW-9", name = "Harbour wall" } } })).JsonAsync(HttpStatusCode.OK);
        var jobs = (await vista.Admin.GetJsonAsync("/api/v1/erp/jobs")).ToString();
        jobs.ShouldContain("Harbour wall");

        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/staged-sub-jobs", new { items = new[] { new { jobErpId = job, erpSubJobId = "ELEC-2", description = "Site lighting", costCodes = new[] { "26-050" } } } })).JsonAsync(HttpStatusCode.OK);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var company = await App.WithDbAsync(vista.Company.Id, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Companies, c => c.Id == vista.Company.Id));
            var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company);
            var staged = await erp.ListSubJobsAsync(job, CancellationToken.None);
            staged.Single().Description.ShouldBe("Site lighting");
            staged.Single().CostCodes.ShouldBe(["26-050"]);
        }

        var subJob = await vista.Company.SubJobAsync(vista.Project, SubJobState.ReadyToExport, code: "ELEC2");
        var clash = await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept", new { erpJobId = "ELEC-2" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        clash.ToString().ShouldContain("already holds sub job ELEC-2");

        await (await vista.Connector.PutAsJsonAsync("/api/v1/connector/jobs", new { items = Array.Empty<object>() })).JsonAsync(HttpStatusCode.OK);
        (await vista.Admin.GetJsonAsync("/api/v1/erp/jobs")).ToString().ShouldNotContain("Harbour wall");
    }

    [Fact]
    public async Task TheErpConnectionPage_ShowsANewCredentialOnce_ListsItWithoutItsToken_AndRevokesIt()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var admin = await Browser.SignInAsync(App, vista.Company.Admin.Email, TestUser.Password);

        var created = await admin.PostFormAsync("/erp-connection?handler=CreateCredential", new Dictionary<string, string> { ["CredentialName"] = "on-premise agent" }, "/erp-connection");
        var html = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var token = System.Text.RegularExpressions.Regex.Match(html, "data-secret>(erpc_[^<]+)<").Groups[1].Value;
        token.ShouldStartWith("erpc_");
        (await ExternalCompany.ConnectorClient(App, token).GetAsync("/api/v1/connector/erp-requests")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await admin.GetPageAsync("/erp-connection");
        page.ShouldContain("on-premise agent");
        page.ShouldNotContain(token);
        var id = (await vista.Admin.GetJsonAsync("/api/v1/erp/connection/credentials")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "on-premise agent").GetProperty("id").GetGuid();
        var revoked = await admin.PostFormAsync($"/erp-connection?handler=RevokeCredential&id={id}", new Dictionary<string, string>(), "/erp-connection");
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ExternalCompany.ConnectorClient(App, token).GetAsync("/api/v1/connector/erp-requests")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var rotated = await (await vista.Admin.PostJsonAsync("/api/v1/erp/connection/webhook-secret")).JsonAsync(HttpStatusCode.OK);
        rotated.GetProperty("secret").GetString()!.ShouldStartWith("whsec_");
        var settings = await vista.Admin.GetJsonAsync("/api/v1/erp/connection/settings");
        settings.GetProperty("secretsSet").Strings().ShouldBe(["webhookSecret"]);
        settings.ToString().ShouldNotContain(rotated.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task ChoosingExternalOnThePage_ShowsItsFirstCredentialOnce()
    {
        var company = await TestCompany.CreateAsync(App);
        var admin = await Browser.SignInAsync(App, company.Admin.Email, TestUser.Password);

        var saved = await admin.PostFormAsync(
            "/erp-connection?handler=Connection",
            new Dictionary<string, string> { ["Connector"] = "External", ["Settings[displayName]"] = "Spectrum", ["Settings[erpJobIdCase]"] = "upper" },
            "/erp-connection");

        var html = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("is now connected to External");
        var token = System.Text.RegularExpressions.Regex.Match(html, "data-secret>(erpc_[^<]+)<").Groups[1].Value;
        (await ExternalCompany.ConnectorClient(App, token).GetAsync("/api/v1/connector/erp-requests")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await admin.GetPageAsync("/erp-connection");
        page.ShouldContain("Connected to Spectrum");
        page.ShouldContain("First credential");
        page.ShouldNotContain(token);
    }
}
