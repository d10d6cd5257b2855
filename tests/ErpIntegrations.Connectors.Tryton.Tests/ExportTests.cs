using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;

namespace ErpIntegrations.Connectors.Tryton.Tests;

public sealed class ExportTests(TrytonFixture tryton)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TrytonAdmin _admin = tryton.Admin();

    [Fact]
    public async Task Export_CreatesTheSubJobAccountAndItsCostCodeAccountsUnderTheJob()
    {
        var job = await NewJobAsync();
        var export = Exports.SubJob(job.Code!, "FIT-1");

        var result = await Connector().ExportSubJobAsync(export, _cancel);

        var subJob = (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
        result.ShouldBe(ErpExportResult.Success(subJob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        subJob.ShouldBe(new TrytonAccount(subJob.Id, "FIT-1", "Ground floor fit-out", "view", "opened", $"ERP Integrations sub job {export.Reference}", job.Root, job.Id));
        (await _admin.ChildrenAsync(subJob.Id)).Select(c => (c.Code, c.Name, c.Type, c.State, c.Root))
            .ShouldBe([("100", "Labour", "normal", "opened", job.Root), ("200", "Materials", "normal", "opened", job.Root)]);
    }

    [Fact]
    public async Task Export_WhenTrytonAlreadyHoldsOurRecord_SucceedsWithThatRecord_AndWritesNoSecond()
    {
        var job = await NewJobAsync();
        var export = Exports.SubJob(job.Code!, "CRASH-1");
        var first = await Connector().ExportSubJobAsync(export, _cancel);

        // The crash case: Tryton wrote the sub job but its answer was never recorded, so the exporter sends it again,
        // maybe with the ERP Job ID in another case.
        var again = await Connector().ExportSubJobAsync(export with { ErpSubJobId = "crash-1" }, _cancel);

        again.ShouldBe(first);
        first.ShouldBeOfType<ErpExportResult.Succeeded>();
        var subJob = (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
        (await _admin.ChildrenAsync(subJob.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Export_WhenAnAccountNotOursUsesTheId_FailsPermanentlyNamingThatAccount()
    {
        var job = await NewJobAsync();
        var foreign = await _admin.CreateAccountAsync(job.Root, job.Id, "ROOF-2", "Roof works by the site office", "view");
        var connector = Connector();

        var result = await connector.ExportSubJobAsync(Exports.SubJob(job.Code!, "roof-2"), _cancel);
        var atAccept = await connector.ValidateErpSubJobIdAsync(job.Code!, "Roof-2", Guid.NewGuid().ToString(), _cancel);

        var message = $"ERP Job ID roof-2 is already used under job {job.Code} in Tryton by analytic account \"ROOF-2 - Roof works by the site office\" (id {foreign}), which ERP Integrations did not create. Choose another ERP Job ID.";
        result.ShouldBePermanent(message);
        atAccept.ShouldBe(message.Replace("roof-2", "Roof-2", StringComparison.Ordinal));
        (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Id.ShouldBe(foreign);
    }

    [Fact]
    public async Task Export_RunTwiceAtOnce_LeavesOneAccount_AndBothAnswerWithIt()
    {
        // Two exporters with the same request (one whose lease ran out and the one that took it over) both find
        // nothing before either creates: the connector looks again after creating and deletes its own duplicate.
        for (var round = 0; round < 4; round++)
        {
            var job = await NewJobAsync();
            var export = Exports.SubJob(job.Code!, "TWICE-1");

            var results = await Task.WhenAll(
                Task.Run(() => Connector().ExportSubJobAsync(export, _cancel)),
                Task.Run(() => Connector().ExportSubJobAsync(export, _cancel)),
                Task.Run(() => Connector().ExportSubJobAsync(export, _cancel)));
            if (results.OfType<ErpExportResult.Failed>().Any())
            {
                // On a loaded machine Tryton may refuse a clean-up delete for a while (its own lock); the export then
                // answers a transient failure and the exporter tries again, which is what cleans up: so does this test.
                results.OfType<ErpExportResult.Failed>().ShouldAllBe(r => r.IsTransient);
                results = [.. results, await Connector().ExportSubJobAsync(export, _cancel)];
            }

            var subJob = (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
            (await _admin.ChildrenAsync(subJob.Id)).Count.ShouldBe(2);
            results.OfType<ErpExportResult.Succeeded>().ShouldNotBeEmpty();
            results.OfType<ErpExportResult.Succeeded>().ShouldAllBe(r => r.ErpRecordId == subJob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            results.OfType<ErpExportResult.Failed>().ShouldAllBe(r => r.IsTransient);
            (await Connector().ExportSubJobAsync(export, _cancel)).ShouldBe(ErpExportResult.Success(subJob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Export_WhenTrytonHoldsTwoAccountsOfOurs_KeepsTheLowestId_AndDeletesTheOtherWithItsCostCodes()
    {
        var job = await NewJobAsync();
        var export = Exports.SubJob(job.Code!, "DUP-1");
        var note = $"ERP Integrations sub job {export.Reference}";
        var first = await _admin.CreateAccountAsync(job.Root, job.Id, "DUP-1", "Ground floor fit-out", "view", note);
        await _admin.CreateAccountAsync(job.Root, first, "100", "Labour", "normal");
        var second = await _admin.CreateAccountAsync(job.Root, job.Id, "dup-1", "Ground floor fit-out", "view", note);
        await _admin.CreateAccountAsync(job.Root, second, "100", "Labour", "normal");
        await _admin.CreateAccountAsync(job.Root, second, "200", "Materials", "normal");

        var result = await Connector().ExportSubJobAsync(export, _cancel);

        result.ShouldBe(ErpExportResult.Success(first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Id.ShouldBe(first);
        (await _admin.ChildrenAsync(second)).ShouldBeEmpty();
        (await _admin.ChildrenAsync(first)).ShouldHaveSingleItem().Code.ShouldBe("100");
    }

    [Fact]
    public async Task ValidateAtAccept_AcceptsAFreeIdAndOurOwn_AndTreatsUnderscoreAsACharacterNotAWildcard()
    {
        var job = await NewJobAsync();
        await _admin.CreateAccountAsync(job.Root, job.Id, "AB1", "Not ours", "view");
        var export = Exports.SubJob(job.Code!, "A_1");
        var connector = Connector();

        (await connector.ValidateErpSubJobIdAsync(job.Code!, "A_1", export.Reference, _cancel)).ShouldBeNull();
        (await connector.ExportSubJobAsync(export, _cancel)).ShouldBeOfType<ErpExportResult.Succeeded>();
        (await connector.ValidateErpSubJobIdAsync(job.Code!, "A_1", export.Reference, _cancel)).ShouldBeNull();
        (await connector.ValidateErpSubJobIdAsync(job.Code!, "a_1", Guid.NewGuid().ToString(), _cancel)).ShouldNotBeNull().ShouldContain("\"A_1 - Ground floor fit-out\"");
    }

    [Theory]
    [InlineData("", "Enter the ERP Job ID.")]
    [InlineData("BÂT-1", "The ERP Job ID may hold only ASCII letters, digits, '-', '.' and '_', starting with a letter or digit, in Tryton.")]
    [InlineData("SUB 1", "The ERP Job ID may hold only ASCII letters, digits, '-', '.' and '_', starting with a letter or digit, in Tryton.")]
    [InlineData("A234567890123456789012345678901", "The ERP Job ID can be at most 30 characters in Tryton.")]
    public async Task ValidateAtAccept_RefusesIdsAgainstTrytonsRules(string erpJobId, string message)
    {
        var connector = Connector();

        connector.ValidateErpSubJobId(erpJobId).ShouldBe(message);
        (await connector.ValidateErpSubJobIdAsync("1001", erpJobId, null, _cancel)).ShouldBe(message);
    }

    [Fact]
    public async Task ValidateAtAccept_WhenTheJobIsGone_SaysSo() =>
        (await Connector().ValidateErpSubJobIdAsync("GONE-1", "SUB-1", null, _cancel))
            .ShouldBe("Job GONE-1 no longer exists in Tryton: there is no analytic view account coded GONE-1 under the jobs' root account. Link the project to an existing job.");

    [Fact]
    public async Task Export_WhenTheJobNoLongerExists_FailsPermanentlySayingSo()
    {
        var result = await Connector().ExportSubJobAsync(Exports.SubJob("GONE-2", "SUB-1"), _cancel);

        result.ShouldBePermanent("Job GONE-2 no longer exists in Tryton: there is no analytic view account coded GONE-2 under the jobs' root account. Link the project to an existing job.");
    }

    [Fact]
    public async Task Export_OfANonAsciiDescription_KeepsItExactly()
    {
        var job = await NewJobAsync();

        var result = await Connector().ExportSubJobAsync(Exports.SubJob(job.Code!, "FACADE-1", "Façade Ω – Bâtiment Nord 北", new ErpCostCode("300", "Échafaudage")), _cancel);

        result.ShouldBeOfType<ErpExportResult.Succeeded>();
        var subJob = (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
        subJob.Name.ShouldBe("Façade Ω – Bâtiment Nord 北");
        (await _admin.ChildrenAsync(subJob.Id)).ShouldHaveSingleItem().Name.ShouldBe("Échafaudage");
    }

    [Theory]
    [InlineData(101, "", "The description can be at most 100 characters in Tryton.")]
    [InlineData(0, "Line one\nline two", "The description may not hold line breaks, tabs or other control characters in Tryton.")]
    [InlineData(0, "   ", "Enter a description: Tryton requires a name for every account.")]
    public async Task Export_OfADescriptionTrytonCannotTake_IsRefusedWithoutWritingAnything(int length, string description, string message)
    {
        var job = await NewJobAsync();

        var result = await Connector().ExportSubJobAsync(Exports.SubJob(job.Code!, "BAD-1", length > 0 ? new string('x', length) : description), _cancel);

        result.ShouldBePermanent(message);
        (await _admin.ChildrenAsync(job.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Export_WithACostCodeTrytonRefuses_FailsWithTrytonsMessage_AndWritesNothing()
    {
        var job = await NewJobAsync();
        var export = Exports.SubJob(job.Code!, "HALF-1", "Half written?", new ErpCostCode("100", "Labour"), new ErpCostCode("200", ""));

        var result = await Connector().ExportSubJobAsync(export, _cancel);

        result.ShouldBePermanent("A value is required for field \"Name\" in \"Analytic Account\".");
        (await _admin.ChildrenAsync(job.Id)).ShouldBeEmpty();
        (await _admin.AccountsCodedAsync("HALF-1")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Export_WhenTrytonIsStopped_IsTransient_ThenSucceedsOnceItIsBack()
    {
        var job = await NewJobAsync();
        await using var server = await TrytonServer.StartAsync(tryton.Directory);
        var connector = tryton.Connector(tryton.Settings(server));
        (await connector.ListJobsAsync(_cancel)).ShouldContain(new ErpJob(job.Code!, job.Name));
        var export = Exports.SubJob(job.Code!, "DOWN-1");

        await server.StopAsync();
        var whileDown = await connector.ExportSubJobAsync(export, _cancel);
        await server.StartAsync();
        var onceBack = await connector.ExportSubJobAsync(export, _cancel);

        var failed = whileDown.ShouldBeOfType<ErpExportResult.Failed>();
        failed.IsTransient.ShouldBeTrue();
        failed.Messages.ShouldHaveSingleItem().ShouldStartWith($"Could not reach Tryton at {server.Url}:");
        onceBack.ShouldBeOfType<ErpExportResult.Succeeded>();
        (await _admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Code.ShouldBe("DOWN-1");
    }

    [Fact]
    public async Task ListSubJobs_ListsTheAccountsUnderTheJob_WithTheirCostCodesAndOurReference()
    {
        var job = await NewJobAsync();
        var ours = Exports.SubJob(job.Code!, "OURS-1");
        var oursId = ((ErpExportResult.Succeeded)await Connector().ExportSubJobAsync(ours, _cancel)).ErpRecordId;
        var theirs = await _admin.CreateAccountAsync(job.Root, job.Id, "THEIRS-1", "Entered in Tryton", "view", note: "Entered by the site office");
        await _admin.CreateAccountAsync(job.Root, theirs, "900", "Plant hire", "normal");

        var subJobs = await Connector().ListSubJobsAsync(job.Code!, _cancel);

        subJobs.Select(s => (s.RecordId, s.JobId, s.ErpSubJobId, s.Description, s.Reference, string.Join(',', s.CostCodes))).ShouldBe([
            (oursId, job.Code!, "OURS-1", "Ground floor fit-out", ours.Reference, "100,200"),
            (theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Code!, "THEIRS-1", "Entered in Tryton", null, "900"),
        ]);
    }

    [Fact]
    public async Task ReadsWhileAccountsAreDeletedInTryton_AreReadAgain_InsteadOfFailingAsNotAllowed()
    {
        // Tryton on SQLite searches and reads without one snapshot: an account deleted between the two makes the read fail
        // with "You are not allowed to read records ... because of at least one of these rules" (before the fix, 1 read in
        // about 60 here; the cause of a concurrent export failing permanently in CI). The connector reads again.
        var job = await NewJobAsync();
        var accounts = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            accounts.Add(await _admin.CreateAccountAsync(job.Root, job.Id, $"GONE-{i}", "Deleted while read", "view"));
        }

        var connector = Connector();
        var deleting = Task.Run(async () =>
        {
            foreach (var account in accounts)
            {
                await _admin.DeleteAccountAsync(account);
            }
        });
        var reads = new List<int>();
        while (!deleting.IsCompleted)
        {
            reads.Add((await connector.ListSubJobsAsync(job.Code!, _cancel)).Count);
        }

        await deleting;
        reads.Count.ShouldBeGreaterThan(1);
        reads.ShouldBeInOrder(SortDirection.Descending);
        (await connector.ListSubJobsAsync(job.Code!, _cancel)).ShouldBeEmpty();
    }

    [Fact]
    public void ProposedId_IsTheCodeInCapitals_CutToWhatTrytonTakes() =>
        Connector().ProposeErpSubJobId(new ErpSubJobProposal("fitOut2é" + new string('x', 40), "Fit-out", "1001")).ShouldBe("FITOUT2" + new string('X', 23));

    private ITrytonConnector Connector() => tryton.Connector(tryton.Settings());

    private async Task<TrytonAccount> NewJobAsync()
    {
        var code = tryton.NewCode("J");
        await _admin.CreateJobAsync(code, $"Job {code}");
        return await _admin.JobAsync(code);
    }
}
