using System.Net;
using System.Net.Sockets;
using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.Connectors.Tryton.Tests;

public sealed class ConnectionTests(TrytonFixture tryton)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TrytonAdmin _admin = tryton.Admin();

    [Fact]
    public async Task TestConnection_SignsIn_AndSaysWhichCompanyAndHowManyJobs()
    {
        var root = await NewRootWithJobsAsync(2);

        var test = await tryton.Connector(tryton.Settings(jobsRootCode: root)).TestConnectionAsync(_cancel);

        test.ShouldBe(new TrytonConnectionTest(true, $"Signed in to Tryton as admin: company {TrytonFixture.CompanyName}, 2 jobs under root account {root}.", TrytonFixture.CompanyName, 2));
    }

    [Fact]
    public async Task ListJobs_ListsTheViewAccountsDirectlyUnderEveryRoot_OrUnderTheRootNamed()
    {
        var root = await NewRootWithJobsAsync(1);
        var job = await _admin.JobAsync($"{root}-1");
        await _admin.CreateAccountAsync(job.Root, job.Id, $"{root}-1-A", "A sub job, not a job", "view");
        await _admin.CreateAccountAsync(job.Root, job.Root, $"{root}-N", "A normal account, not a job", "normal");

        var everyRoot = await tryton.Connector(tryton.Settings()).ListJobsAsync(_cancel);
        var named = await tryton.Connector(tryton.Settings(jobsRootCode: root)).ListJobsAsync(_cancel);

        everyRoot.ShouldContain(new ErpJob("1001", "Main Street Office"));
        everyRoot.ShouldContain(new ErpJob("1002", "Harbour Bridge"));
        everyRoot.ShouldContain(new ErpJob($"{root}-1", $"Job 1 of {root}"));
        everyRoot.ShouldNotContain(j => j.JobId == root || j.JobId == $"{root}-1-A" || j.JobId == $"{root}-N");
        named.ShouldBe([new ErpJob($"{root}-1", $"Job 1 of {root}")]);
    }

    [Fact]
    public async Task ListJobs_WithARootCodeThatTrytonDoesNotHold_SaysSo()
    {
        var connector = tryton.Connector(tryton.Settings(jobsRootCode: "NOSUCHROOT"));

        var failure = await Should.ThrowAsync<TrytonException>(() => connector.ListJobsAsync(_cancel));
        var test = await connector.TestConnectionAsync(_cancel);

        failure.IsTransient.ShouldBeFalse();
        failure.Message.ShouldBe("Tryton has no analytic root account coded \"NOSUCHROOT\" (the jobs' root account in the connection settings).");
        test.ShouldBe(new TrytonConnectionTest(false, failure.Message, null, null));
    }

    [Fact]
    public async Task WrongPassword_IsAPermanentFailureSayingTheUserNameOrPasswordWasRefused()
    {
        var connector = tryton.Connector(tryton.ClerkSettings(password: "not-the-password"));

        var test = await connector.TestConnectionAsync(_cancel);
        var export = await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-PW"), _cancel);

        test.ShouldBe(new TrytonConnectionTest(false, "Tryton refused the user name or password: user clerk could not sign in to database erp.", null, null));
        export.ShouldBePermanent(test.Message);
        (await _admin.AccountsCodedAsync("1001-PW")).ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownDatabase_IsAPermanentFailureNamingIt()
    {
        var connector = tryton.Connector(tryton.Settings() with { Database = "nosuchdatabase" });

        var test = await connector.TestConnectionAsync(_cancel);
        var export = await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-DB"), _cancel);

        test.ShouldBe(new TrytonConnectionTest(false, $"Tryton at {tryton.Server.Url} has no database named \"nosuchdatabase\".", null, null));
        export.ShouldBePermanent(test.Message);
    }

    [Fact]
    public async Task UnreachableServer_IsATransientFailure()
    {
        var url = $"http://127.0.0.1:{TrytonServer.FreePort()}/";
        var connector = tryton.Connector(tryton.Settings() with { Url = url });

        var test = await connector.TestConnectionAsync(_cancel);
        var export = await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-UN"), _cancel);

        test.Succeeded.ShouldBeFalse();
        test.Message.ShouldStartWith($"Could not reach Tryton at {url}:");
        export.ShouldBeFailure(isTransient: true, test.Message);
    }

    [Fact]
    public async Task ServerThatNeverAnswers_IsATransientFailureOnceTheCallTimesOut()
    {
        // The kernel completes the connection on the listener's backlog, so the request is sent and no answer ever comes.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/";
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddTrytonConnector(new TrytonConnectorOptions { RequestTimeout = TimeSpan.FromSeconds(1) })
            .BuildServiceProvider();
        var connector = services.GetRequiredService<ITrytonConnectorFactory>().Create(tryton.Settings() with { Url = url });

        var export = await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-TO"), _cancel);

        export.ShouldBeFailure(isTransient: true, $"Tryton at {url} did not answer common.db.login within 1 s.");
    }

    [Fact]
    public async Task ProxyAnswering502_IsATransientFailure()
    {
        await using var proxy = new FixedAnswerServer(502, "Bad Gateway", "<html><body>Bad Gateway</body></html>");
        var connector = tryton.Connector(tryton.Settings() with { Url = proxy.Url });

        var export = await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-GW"), _cancel);

        export.ShouldBeFailure(isTransient: true, $"Tryton at {proxy.Url} answered HTTP 502 (BadGateway) to common.db.login; it may be restarting or overloaded.");
    }

    [Fact]
    public async Task AUrlOfAnotherWebServer_IsAPermanentFailureSayingToCheckTheUrl()
    {
        await using var other = new FixedAnswerServer(404, "Not Found", "<html><body>Nothing here</body></html>");
        var connector = tryton.Connector(tryton.Settings() with { Url = other.Url });

        var test = await connector.TestConnectionAsync(_cancel);

        test.ShouldBe(new TrytonConnectionTest(false, $"The server at {other.Url} does not answer as a Tryton server does; check the URL.", null, null));
    }

    [Fact]
    public async Task ExpiredSession_SignsInAgain()
    {
        var connector = tryton.Connector(tryton.ClerkSettings());
        (await connector.ListJobsAsync(_cancel)).ShouldContain(new ErpJob("1001", "Main Street Office"));

        await tryton.EndClerkSessionsAsync();

        (await connector.ListJobsAsync(_cancel)).ShouldContain(new ErpJob("1001", "Main Street Office"));
        (await tryton.Connector(tryton.ClerkSettings()).TestConnectionAsync(_cancel)).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("ftp://tryton.example.test/", "The Tryton URL \"ftp://tryton.example.test/\" is not an http:// or https:// address.")]
    [InlineData("tryton.example.test", "The Tryton URL \"tryton.example.test\" is not an http:// or https:// address.")]
    [InlineData("", "Enter the Tryton server's URL, e.g. http://tryton.example.com:8000/.")]
    public async Task NonHttpUrl_IsRefusedBeforeAnyCall(string url, string message)
    {
        var connector = tryton.Connector(tryton.Settings() with { Url = url });

        (await connector.TestConnectionAsync(_cancel)).Message.ShouldBe(message);
        (await connector.ExportSubJobAsync(Exports.SubJob("1001", "1001-URL"), _cancel)).ShouldBePermanent(message);
    }

    private async Task<string> NewRootWithJobsAsync(int jobs)
    {
        var root = tryton.NewCode("ROOT");
        await _admin.CreateRootAsync(root, $"Root {root}");
        for (var i = 1; i <= jobs; i++)
        {
            await _admin.CreateJobAsync($"{root}-{i}", $"Job {i} of {root}", root);
        }

        return root;
    }
}
