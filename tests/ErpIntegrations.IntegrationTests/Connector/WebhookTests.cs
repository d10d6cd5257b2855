using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Integrators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErpIntegrations.IntegrationTests.Connector;

/// <summary>An integrator's webhook receiver: Kestrel on a loopback port, recording every POST and answering what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Body, string? Signature, string? Type)> Received { get; } = new();

    public Func<int> Answer { get; set; } = () => StatusCodes.Status200OK;

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            receiver.Received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["X-Signature"], context.Request.Headers["X-Webhook-Type"]));
            return Results.StatusCode(receiver.Answer());
        });
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First() + "/hooks");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class WebhookApp : IAsyncLifetime
{
    public AppFactory App { get; } = new(settings: new Dictionary<string, string>
    {
        ["Api:Tokens:PermitLimit"] = "100000",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:Enabled"] = "false",
    });

    public ValueTask InitializeAsync()
    {
        _ = App.Services;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>Webhooks from the durable outbox to a real HTTP receiver; the tests deliver with <see cref="WebhookSender"/> on the app's fake clock.</summary>
public sealed class WebhookTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private AppFactory App => fixture.App;

    private WebhookSender Sender => App.Services.GetRequiredService<WebhookSender>();

    [Fact]
    public async Task ANewErpRequest_IsAnnounced_SignedSoThatTheReceiverCanVerifyIt_AndSyncedFollows()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var vista = await ExternalCompany.CreateAsync(App, receiver.Url.ToString());
        var secret = (await (await vista.Admin.PostJsonAsync("/api/v1/erp/connection/webhook-secret")).JsonAsync(HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var subJob = await vista.AcceptedSubJobAsync();

        await Sender.RunOnceAsync();

        var (body, signature, type) = receiver.Received.ShouldHaveSingleItem();
        type.ShouldBe("erp_request.created");
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("id").GetString()!.ShouldStartWith("evt_");
        json.GetProperty("type").GetString().ShouldBe("erp_request.created");
        json.GetProperty("data").GetProperty("companyId").GetGuid().ShouldBe(vista.Company.Id);
        json.GetProperty("data").GetProperty("subJobId").GetGuid().ShouldBe(subJob);
        var requestId = json.GetProperty("data").GetProperty("erpRequestId").GetGuid();
        Verify(secret, signature!, body);
        WebhookSignature.Verify(secret, signature!, body, App.Time.GetUtcNow(), TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify("whsec_other", signature!, body, App.Time.GetUtcNow(), TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify(secret, signature!, body, App.Time.GetUtcNow().AddMinutes(10), TimeSpan.FromMinutes(5)).ShouldBeFalse("a replay after the tolerance is refused");

        var item = (await vista.ClaimAsync()).EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("id").GetGuid().ShouldBe(requestId);
        await (await vista.CompleteAsync(item, "VISTA-5")).JsonAsync(HttpStatusCode.OK);
        await Sender.RunOnceAsync();
        receiver.Received.Count.ShouldBe(2);
        receiver.Received.Last().Type.ShouldBe("erp_request.synced");
        var deliveries = await DeliveriesAsync(vista);
        deliveries.ShouldAllBe(d => d.Status == WebhookStatus.Delivered && d.AttemptLog.Count == 1 && d.AttemptLog[0].StatusCode == 200);
    }

    [Fact]
    public async Task AReceiverThatAnswers500_IsRedeliveredAfterABackoff_EveryAttemptRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var vista = await ExternalCompany.CreateAsync(App, receiver.Url.ToString());
        await vista.Admin.PostJsonAsync("/api/v1/erp/connection/webhook-secret");
        var answers = new Queue<int>([500, 200]);
        receiver.Answer = () => answers.Dequeue();
        await vista.AcceptedSubJobAsync();

        await Sender.RunOnceAsync();
        var failed = (await DeliveriesAsync(vista)).ShouldHaveSingleItem();
        failed.Status.ShouldBe(WebhookStatus.Pending);
        failed.LastStatusCode.ShouldBe(500);
        (failed.NextAttemptAt - App.Now).ShouldBeInRange(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5));
        await Sender.RunOnceAsync();
        receiver.Received.Count.ShouldBe(1, "not before its backoff");

        App.Time.Advance(TimeSpan.FromSeconds(2));
        await Sender.RunOnceAsync();
        var delivered = (await DeliveriesAsync(vista)).ShouldHaveSingleItem();
        delivered.Status.ShouldBe(WebhookStatus.Delivered);
        delivered.AttemptLog.Select(a => a.StatusCode).ShouldBe([500, 200]);
        receiver.Received.Select(r => r.Body).Distinct().Count().ShouldBe(1, "the same event each time");
    }

    [Fact]
    public async Task AReceiverThatNeverAnswers2xx_IsGivenUpAfterTheWindow_ShownOnThePage_AndCanBeRedelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var vista = await ExternalCompany.CreateAsync(App, receiver.Url.ToString());
        await vista.Admin.PostJsonAsync("/api/v1/erp/connection/webhook-secret");
        receiver.Answer = () => 503;
        await vista.AcceptedSubJobAsync();
        var start = App.Now;

        await Sender.RunOnceAsync();
        for (var hour = 0; hour < 14 && (await DeliveriesAsync(vista)).Single().Status == WebhookStatus.Pending; hour++)
        {
            App.Time.Advance(TimeSpan.FromHours(1));
            await Sender.RunOnceAsync();
        }

        var gaveUp = (await DeliveriesAsync(vista)).Single();
        gaveUp.Status.ShouldBe(WebhookStatus.GaveUp);
        (gaveUp.AttemptLog[^1].At - start).ShouldBeInRange(TimeSpan.FromHours(11), TimeSpan.FromHours(12));
        gaveUp.AttemptLog.Count.ShouldBe(receiver.Received.Count);
        gaveUp.AttemptLog.ShouldAllBe(a => a.StatusCode == 503);
        App.Time.Advance(TimeSpan.FromHours(2));
        await Sender.RunOnceAsync();
        receiver.Received.Count.ShouldBe(gaveUp.AttemptLog.Count, "no attempt after giving up");

        var admin = await Browser.SignInAsync(App, vista.Company.Admin.Email, TestUser.Password);
        var page = await admin.GetPageAsync("/webhook-deliveries");
        page.ShouldContain("Given up");
        page.ShouldContain("503");
        receiver.Answer = () => 204;
        var redelivered = await admin.PostFormAsync($"/webhook-deliveries?handler=Redeliver&id={gaveUp.Id}", new Dictionary<string, string>(), "/webhook-deliveries");
        redelivered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Sender.RunOnceAsync();
        (await DeliveriesAsync(vista)).Single().Status.ShouldBe(WebhookStatus.Delivered);
        WebUtility.HtmlDecode(await admin.GetPageAsync("/webhook-deliveries")).ShouldContain("Delivered (204)");

        var approver = await Browser.SignInAsync(App, vista.Company.Approver.Email, TestUser.Password);
        (await approver.Client.GetAsync("/webhook-deliveries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WithoutAWebhookUrl_NothingIsAnnounced_AndAUrlOfAPrivateNetworkIsStillRefusedWhenItPointsAtTheAppItself()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        await vista.AcceptedSubJobAsync();
        (await DeliveriesAsync(vista)).ShouldBeEmpty();

        await (await vista.Admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings = new { displayName = "Vista", webhookUrl = "http://localhost/hooks" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.webhookUrl");
    }

    [Fact]
    public async Task AFailedExport_ItsRetry_AndARejection_AreAnnouncedWithTheirOwnTypes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var vista = await ExternalCompany.CreateAsync(App, receiver.Url.ToString());
        await vista.Admin.PostJsonAsync("/api/v1/erp/connection/webhook-secret");
        var subJob = await vista.AcceptedSubJobAsync();
        var item = (await vista.ClaimAsync()).EnumerateArray().Single();
        await (await vista.FailAsync(item, false, "Vista: the job is closed.")).JsonAsync(HttpStatusCode.OK);
        await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/retry", new { })).JsonAsync(HttpStatusCode.Accepted);
        var retried = (await vista.ClaimAsync()).EnumerateArray().Single();
        await (await vista.FailAsync(retried, false, "Vista: still closed.")).JsonAsync(HttpStatusCode.OK);
        await (await vista.Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/reject", new { reason = "Closed job: split it." })).JsonAsync(HttpStatusCode.OK);

        await Sender.RunOnceAsync();

        receiver.Received.Select(r => r.Type).ShouldBe(["erp_request.created", "erp_request.failed", "erp_request.created", "erp_request.failed", "sub_job.rejected"], ignoreOrder: true);
        var created = receiver.Received.Where(r => r.Type == "erp_request.created").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("erpRequestId").GetGuid()).ToList();
        created.ShouldBe([item.GetProperty("id").GetGuid(), retried.GetProperty("id").GetGuid()], ignoreOrder: true);
    }

    private static void Verify(string secret, string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}")));
        parts["v1"].ShouldBe(expected);
    }

    private Task<List<WebhookDelivery>> DeliveriesAsync(ExternalCompany company) =>
        App.WithDbAsync(company.Company.Id, db => db.WebhookDeliveries.AsNoTracking().Include(d => d.AttemptLog).OrderBy(d => d.CreatedAt).ToListAsync());
}
