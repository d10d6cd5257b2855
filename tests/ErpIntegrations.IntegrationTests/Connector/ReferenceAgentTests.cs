using System.Net;
using ErpIntegrations.Agent;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Connector;

/// <summary>The app served by Kestrel on a loopback port, for the reference agent to reach over real HTTP.</summary>
public sealed class ServedApp : IAsyncLifetime
{
    public AppFactory App { get; } = new(realServer: true, settings: new Dictionary<string, string> { ["Api:Tokens:PermitLimit"] = "100000", ["Webhooks:Enabled"] = "false" });

    public Uri BaseAddress { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        App.StartServer();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        App.ClientOptions.BaseAddress = BaseAddress;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>The round trip through the reference agent (tools/ErpIntegrations.Agent), its ledger a SQLite file of the test's own.</summary>
public sealed class ReferenceAgentTests(ServedApp served) : IClassFixture<ServedApp>, IDisposable
{
    private readonly string _ledgerPath = Path.Combine(Path.GetTempPath(), $"agent-ledger-{Guid.NewGuid():N}.db");

    private AppFactory App => served.App;

    private ReferenceAgent Agent(ExternalCompany vista, Func<ErpRequest, ErpRefusal?>? refuse = null, Func<ErpRequest, Task>? afterWrite = null) =>
        new(new ConnectorClient(new HttpClient { BaseAddress = served.BaseAddress }, vista.Credential), new Ledger(_ledgerPath))
        {
            Wait = TimeSpan.FromSeconds(5),
            Refuse = refuse,
            AfterWrite = afterWrite,
        };

    [Fact]
    public async Task AcceptClaimComplete_Syncs_WithTheLedgersRecordId()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var agent = Agent(vista);
        var run = agent.RunOnceAsync(CancellationToken.None);
        var subJob = await vista.AcceptedSubJobAsync();

        var answered = await run;

        answered.ShouldHaveSingleItem().State.ShouldBe("synced");
        var record = new Ledger(_ledgerPath).List().ShouldHaveSingleItem();
        record.SubJobId.ShouldBe(subJob);
        record.JobErpId.ShouldBe(vista.Project.ErpJobId);
        record.CostCodes.ShouldBe("03-300");
        var shown = await vista.SubJobAsync(subJob);
        shown.GetProperty("state").GetString().ShouldBe("synced");
        shown.GetProperty("history").ToString().ShouldContain(record.RecordId);
    }

    [Fact]
    public async Task ATransientRefusal_IsRetried_AndAPermanentOne_FailsWithTheMessagesShown()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var down = true;
        var retried = await vista.AcceptedSubJobAsync("TRANS1");
        var refused = await vista.AcceptedSubJobAsync("PERM1");
        var agent = Agent(vista, refuse: r =>
            r.ErpSubJobId == "PERM1" ? new ErpRefusal(false, "Vista refused PERM1: the job is closed for new phases.")
            : down ? new ErpRefusal(true, "Vista is not answering.")
            : null);

        var first = await agent.RunOnceAsync(CancellationToken.None);
        first.Count.ShouldBe(2);
        first.Single(r => r.ErpSubJobId == "TRANS1").State.ShouldBe("pending");
        first.Single(r => r.ErpSubJobId == "PERM1").State.ShouldBe("failed");
        var failed = await vista.SubJobAsync(refused);
        failed.GetProperty("state").GetString().ShouldBe("failed_to_export");
        failed.GetProperty("errors").ToString().ShouldContain("Vista refused PERM1: the job is closed for new phases.");

        down = false;
        App.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await agent.RunOnceAsync(CancellationToken.None);
        second.ShouldHaveSingleItem().Attempt.ShouldBe(2);
        second[0].State.ShouldBe("synced");
        (await vista.SubJobAsync(retried)).GetProperty("state").GetString().ShouldBe("synced");
        new Ledger(_ledgerPath).List().ShouldHaveSingleItem().ErpSubJobId.ShouldBe("TRANS1");
    }

    [Fact]
    public async Task ALeaseThatExpiresAfterTheWrite_IsClaimedAgain_ExactlyOneRecord_AndTheLateAnswerIsRefused()
    {
        var vista = await ExternalCompany.CreateAsync(App);
        var subJob = await vista.AcceptedSubJobAsync();
        ErpRequest? firstClaim = null;
        var crashing = Agent(vista, afterWrite: r =>
        {
            firstClaim = r;
            throw new IOException("the agent's server lost power after writing to the ERP");
        });
        await Should.ThrowAsync<IOException>(() => crashing.RunOnceAsync(CancellationToken.None));
        new Ledger(_ledgerPath).List().Count.ShouldBe(1);

        App.Time.Advance(TimeSpan.FromSeconds(31));
        var restarted = Agent(vista);
        var answered = (await restarted.RunOnceAsync(CancellationToken.None)).ShouldHaveSingleItem();

        answered.State.ShouldBe("synced");
        answered.Attempt.ShouldBe(2);
        var record = new Ledger(_ledgerPath).List().ShouldHaveSingleItem();
        answered.ErpRecordId.ShouldBe(record.RecordId);
        var late = await Should.ThrowAsync<ConnectorApiException>(() =>
            new ConnectorClient(new HttpClient { BaseAddress = served.BaseAddress }, vista.Credential).CompleteAsync(firstClaim!, record.RecordId, CancellationToken.None));
        late.Status.ShouldBe(HttpStatusCode.Conflict);
        (await vista.SubJobAsync(subJob)).GetProperty("state").GetString().ShouldBe("synced");
    }

    public void Dispose() => File.Delete(_ledgerPath);
}
