using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using Microsoft.Extensions.Time.Testing;

namespace ErpIntegrations.UnitTests.Domain;

public enum Transition
{
    Edit,
    SendToErp,
    ResendToErp,
    RetrieveFromErp,
    Accept,
    Retry,
    MarkExported,
    MarkExportFailed,
    Reject,
}

public sealed class SubJobTests
{
    private const string System = "ERP Integrations";

    // The rows of PRODUCT.md §4: from, via, to, the audit action written and its details.
    // Edit in the matrix changes only the cost codes, which is allowed while Synced too.
    private static readonly (SubJobState From, Transition Via, SubJobState To, AuditAction Action, string? Details)[] Legal =
    [
        (SubJobState.NotSent, Transition.Edit, SubJobState.NotSent, AuditAction.Edited, "cost codes [01-100] → [02-200]"),
        (SubJobState.Rejected, Transition.Edit, SubJobState.Rejected, AuditAction.Edited, "cost codes [01-100] → [02-200]"),
        (SubJobState.Retrieved, Transition.Edit, SubJobState.Retrieved, AuditAction.Edited, "cost codes [01-100] → [02-200]"),
        (SubJobState.Synced, Transition.Edit, SubJobState.Synced, AuditAction.Edited, "cost codes [01-100] → [02-200]"),
        (SubJobState.NotSent, Transition.SendToErp, SubJobState.ReadyToExport, AuditAction.Sent, null),
        (SubJobState.Rejected, Transition.ResendToErp, SubJobState.ReadyToExport, AuditAction.Resent, null),
        (SubJobState.Retrieved, Transition.ResendToErp, SubJobState.ReadyToExport, AuditAction.Resent, null),
        (SubJobState.ReadyToExport, Transition.RetrieveFromErp, SubJobState.Retrieved, AuditAction.Retrieved, null),
        (SubJobState.ReadyToExport, Transition.Accept, SubJobState.Exporting, AuditAction.Accepted, "ERP Job ID J-BLDG1"),
        (SubJobState.FailedToExport, Transition.Retry, SubJobState.Exporting, AuditAction.Retried, "ERP Job ID BLDG1"),
        (SubJobState.Exporting, Transition.MarkExported, SubJobState.Synced, AuditAction.Exported, "Successfully Exported as BLDG1 (REC-77)"),
        (SubJobState.Exporting, Transition.MarkExportFailed, SubJobState.FailedToExport, AuditAction.ExportFailed, "Job J-1001 is closed in the ERP"),
        (SubJobState.ReadyToExport, Transition.Reject, SubJobState.Rejected, AuditAction.Rejected, "Wrong cost codes"),
        (SubJobState.FailedToExport, Transition.Reject, SubJobState.Rejected, AuditAction.Rejected, "Wrong cost codes"),
    ];

    private readonly FakeTimeProvider _time = A.Clock();
    private readonly Actor _projectAdmin = A.ProjectAdmin().Named("Pat Sender").Build();
    private readonly Actor _approver = A.Approver().Named("Alex Accountant").Build();
    private readonly ErpCapabilities _erp = A.Erp();

    public static TheoryData<SubJobState, Transition, SubJobState, AuditAction, string?> LegalTransitions
    {
        get
        {
            var data = new TheoryData<SubJobState, Transition, SubJobState, AuditAction, string?>();
            foreach (var (from, via, to, action, details) in Legal)
            {
                data.Add(from, via, to, action, details);
            }

            return data;
        }
    }

    public static TheoryData<SubJobState, Transition> RefusedTransitions
    {
        get
        {
            var data = new TheoryData<SubJobState, Transition>();
            foreach (var state in Enum.GetValues<SubJobState>())
            {
                foreach (var transition in Enum.GetValues<Transition>())
                {
                    if (!Legal.Any(row => row.From == state && row.Via == transition))
                    {
                        data.Add(state, transition);
                    }
                }
            }

            return data;
        }
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    [Fact]
    public void Matrix_CoversEveryStateAndTransition() =>
        (LegalTransitions.Count + RefusedTransitions.Count)
            .ShouldBe(Enum.GetValues<SubJobState>().Length * Enum.GetValues<Transition>().Length);

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void Transition_WhenLegal_MovesStateAndAppendsOneAuditEntry(
        SubJobState from, Transition via, SubJobState to, AuditAction action, string? details)
    {
        var subJob = Given(from);
        var historyBefore = subJob.History.Count;
        var versionBefore = subJob.Version;
        _time.Advance(TimeSpan.FromHours(1));

        var request = Apply(subJob, via);

        subJob.State.ShouldBe(to);
        subJob.Version.ShouldBe(versionBefore + 1);
        subJob.UpdatedAt.ShouldBe(Now);
        subJob.History.Count.ShouldBe(historyBefore + 1);
        var entry = subJob.History[^1];
        entry.Action.ShouldBe(action);
        entry.Details.ShouldBe(details);
        entry.At.ShouldBe(Now);
        entry.SubJobId.ShouldBe(subJob.Id);
        entry.CompanyId.ShouldBe(subJob.CompanyId);
        var actor = ExpectedActor(via);
        entry.ActorId.ShouldBe(actor?.UserId);
        entry.ActorName.ShouldBe(actor?.Name ?? System);
        if (via is Transition.Accept or Transition.Retry)
        {
            request.ShouldNotBeNull();
        }
        else
        {
            request.ShouldBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(RefusedTransitions))]
    public void Transition_WhenNotInTheTable_IsRefusedAndChangesNothing(SubJobState from, Transition via)
    {
        var subJob = Given(from);
        var before = Snapshot.Of(subJob);
        _time.Advance(TimeSpan.FromHours(1));

        var refusal = Should.Throw<DomainRuleException>(() => Apply(subJob, via));

        refusal.Message.ShouldNotBeNullOrWhiteSpace();
        refusal.Message.Trim().ShouldEndWith(".");
        Snapshot.Of(subJob).ShouldBe(before);
    }

    [Fact]
    public void Create_WithValidInput_IsNotSentWithCreatedEntry()
    {
        var project = A.Project().Build();
        var costCode = A.CostCode(project.CompanyId);

        var subJob = SubJob.Create(project, "BLDG1", "Building 1", [costCode], _projectAdmin, Now);

        subJob.State.ShouldBe(SubJobState.NotSent);
        subJob.CompanyId.ShouldBe(project.CompanyId);
        subJob.ProjectId.ShouldBe(project.Id);
        subJob.Code.ShouldBe("BLDG1");
        subJob.Description.ShouldBe("Building 1");
        subJob.CreatedById.ShouldBe(_projectAdmin.UserId);
        subJob.CreatedAt.ShouldBe(Now);
        subJob.Version.ShouldBe(1);
        subJob.IsEditable.ShouldBeTrue();
        subJob.CostCodes.ShouldHaveSingleItem().CostCodeId.ShouldBe(costCode.Id);
        var entry = subJob.History.ShouldHaveSingleItem();
        entry.Action.ShouldBe(AuditAction.Created);
        entry.ActorName.ShouldBe("Pat Sender");
        entry.ActorId.ShouldBe(_projectAdmin.UserId);
        entry.Details.ShouldBe("BLDG1 — Building 1");
        entry.At.ShouldBe(Now);
    }

    [Fact]
    public void Create_WithTheSameCostCodeTwice_KeepsItOnce()
    {
        var project = A.Project().Build();
        var costCode = A.CostCode(project.CompanyId);

        var subJob = SubJob.Create(project, "BLDG1", "Building 1", [costCode, costCode], _projectAdmin, Now);

        subJob.CostCodes.ShouldHaveSingleItem();
    }

    [Fact]
    public void Import_ByApprover_CreatesSyncedSubJob()
    {
        var project = A.Project().LinkedTo("J-1001").Build();
        var fromErp = new ErpSubJob("REC-9", "J-1001", "EXT2", "Extra 2", null, ["01-100"]);

        var subJob = SubJob.Import(project, fromErp, [A.CostCode(project.CompanyId)], _approver, Now);

        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.Code.ShouldBe("EXT2");
        subJob.Description.ShouldBe("Extra 2");
        subJob.ErpSubJobId.ShouldBe("EXT2");
        subJob.ErpRecordId.ShouldBe("REC-9");
        subJob.ProjectId.ShouldBe(project.Id);
        subJob.Version.ShouldBe(1);
        subJob.CostCodes.ShouldHaveSingleItem();
        var entry = subJob.History.ShouldHaveSingleItem();
        entry.Action.ShouldBe(AuditAction.Imported);
        entry.ActorName.ShouldBe("Alex Accountant");
        entry.ActorId.ShouldBe(_approver.UserId);
        entry.Details.ShouldNotBeNull();
        entry.Details.ShouldContain("EXT2");
        entry.Details.ShouldContain("REC-9");
    }

    [Theory]
    [InlineData(PermissionLevel.Standard, false)]
    [InlineData(PermissionLevel.Admin, false)]
    [InlineData(PermissionLevel.ReadOnly, true)]
    [InlineData(PermissionLevel.None, true)]
    public void Import_ByNonApprover_IsRefused(PermissionLevel level, bool canPush)
    {
        var project = A.Project().LinkedTo("J-1001").Build();
        var fromErp = new ErpSubJob("REC-9", "J-1001", "EXT2", "Extra 2", null, []);
        var actor = A.Actor().WithLevel(level).CanPush(canPush).Build();

        Should.Throw<DomainRuleException>(() => SubJob.Import(project, fromErp, [], actor, Now))
            .Message.ShouldContain("accounting approver");
    }

    [Fact]
    public void Import_WhenProjectNotLinked_IsRefused()
    {
        var project = A.Project().Unlinked().Build();
        var fromErp = new ErpSubJob("REC-9", "J-1001", "EXT2", "Extra 2", null, []);

        Should.Throw<DomainRuleException>(() => SubJob.Import(project, fromErp, [], _approver, Now))
            .Message.ShouldContain("not linked");
    }

    [Fact]
    public void Import_WhenProjectLinkedToAnotherJob_IsRefused()
    {
        var project = A.Project().LinkedTo("J-2002").Build();
        var fromErp = new ErpSubJob("REC-9", "J-1001", "EXT2", "Extra 2", null, []);

        Should.Throw<DomainRuleException>(() => SubJob.Import(project, fromErp, [], _approver, Now))
            .Message.ShouldContain("J-1001");
    }

    [Fact]
    public void Edit_WhenNotSent_ChangesCodeDescriptionAndCostCodes()
    {
        var subJob = Given(SubJobState.NotSent);
        var sitework = A.CostCode(subJob.CompanyId, "02-200", "Sitework");

        subJob.Edit("BLDG2", "Building 2", [sitework], _projectAdmin, Now);

        subJob.Code.ShouldBe("BLDG2");
        subJob.Description.ShouldBe("Building 2");
        subJob.CostCodes.ShouldHaveSingleItem().CostCodeId.ShouldBe(sitework.Id);
        var entry = subJob.History[^1];
        entry.Action.ShouldBe(AuditAction.Edited);
        entry.ActorName.ShouldBe("Pat Sender");
        entry.Details.ShouldBe("code BLDG1 → BLDG2; description \"Building 1\" → \"Building 2\"; cost codes [01-100] → [02-200]");
    }

    [Fact]
    public void Edit_WithoutChanges_ChangesNothing()
    {
        var subJob = Given(SubJobState.NotSent);
        var (version, entries) = (subJob.Version, subJob.History.Count);

        subJob.Edit(subJob.Code, subJob.Description, [.. CurrentCostCodes(subJob)], _projectAdmin, Now).ShouldBeFalse();

        subJob.Version.ShouldBe(version);
        subJob.History.Count.ShouldBe(entries);
    }

    [Fact]
    public void Edit_WhenLockedAndWithoutChanges_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        Should.Throw<DomainRuleException>(() => subJob.Edit(subJob.Code, subJob.Description, [.. CurrentCostCodes(subJob)], _projectAdmin, Now));
    }

    [Theory]
    [InlineData("BLDG2", "Building 1")]
    [InlineData("BLDG1", "Building 2")]
    [InlineData("BLDG2", "Building 2")]
    public void Edit_WhenSyncedAndCodeOrDescriptionChanged_IsRefused(string code, string description)
    {
        var subJob = Given(SubJobState.Synced);
        var before = Snapshot.Of(subJob);

        Should.Throw<DomainRuleException>(() => subJob.Edit(code, description, [.. CurrentCostCodes(subJob)], _projectAdmin, Now))
            .Message.ShouldContain("synced");
        Snapshot.Of(subJob).ShouldBe(before);
    }

    [Fact]
    public void Edit_WhenSyncedAndOnlyCostCodesChanged_IsAllowed()
    {
        var subJob = Given(SubJobState.Synced);
        var sitework = A.CostCode(subJob.CompanyId, "02-200", "Sitework");

        subJob.Edit(subJob.Code, subJob.Description, [.. CurrentCostCodes(subJob), sitework], _projectAdmin, Now);

        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.CostCodes.Select(c => c.Code).ShouldBe(["01-100", "02-200"], ignoreOrder: true);
        subJob.History[^1].Details.ShouldBe("cost codes [01-100] → [01-100, 02-200]");
    }

    [Fact]
    public void CostCodeList_HoldsTheChosenCodes_InOrdinalOrder_AfterEachChange()
    {
        var subJob = Given(SubJobState.NotSent);
        subJob.CostCodeList.ShouldBe(["01-100"]);
        var sitework = A.CostCode(subJob.CompanyId, "02-200", "Sitework");
        var concrete = A.CostCode(subJob.CompanyId, "03-300", "Concrete");
        var lowercase = A.CostCode(subJob.CompanyId, "03-30a", "Lower case after upper case");

        subJob.Edit(subJob.Code, subJob.Description, [lowercase, concrete, .. CurrentCostCodes(subJob), sitework], _projectAdmin, Now);
        subJob.CostCodeList.ShouldBe(["01-100", "02-200", "03-300", "03-30a"]);

        subJob.Edit(subJob.Code, subJob.Description, [concrete], _projectAdmin, Now);
        subJob.CostCodeList.ShouldBe(["03-300"]);
    }

    [Fact]
    public void Edit_WhenReadyToExport_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var before = Snapshot.Of(subJob);

        Should.Throw<DomainRuleException>(() => subJob.Edit("BLDG2", "Building 2", [], _projectAdmin, Now))
            .Message.ShouldContain("Retrieve it from ERP");
        Snapshot.Of(subJob).ShouldBe(before);
    }

    [Theory]
    [InlineData(SubJobState.ReadyToExport)]
    [InlineData(SubJobState.Exporting)]
    [InlineData(SubJobState.FailedToExport)]
    public void Edit_WhenLocked_IsRefusedEvenWithoutChanges(SubJobState state)
    {
        var subJob = Given(state);

        Should.Throw<DomainRuleException>(() => subJob.Edit(subJob.Code, subJob.Description, [.. CurrentCostCodes(subJob)], _projectAdmin, Now));
    }

    [Fact]
    public void SendToErp_WhenNotSent_RecordsSender()
    {
        var subJob = Given(SubJobState.NotSent);
        _time.Advance(TimeSpan.FromMinutes(5));

        subJob.SendToErp(_erp, _projectAdmin, Now);

        subJob.State.ShouldBe(SubJobState.ReadyToExport);
        subJob.LastSentById.ShouldBe(_projectAdmin.UserId);
        subJob.LastSentByName.ShouldBe("Pat Sender");
        subJob.LastSentAt.ShouldBe(Now);
        subJob.IsEditable.ShouldBeFalse();
    }

    [Fact]
    public void SendToErp_WhenProjectNotLinked_IsRefused()
    {
        var subJob = A.SubJob().WithTime(_time).InProject(A.Project().Unlinked().Numbered("P-7").Build()).Build();

        AssertRefused(subJob, () => subJob.SendToErp(_erp, _projectAdmin, Now), "Project P-7 is not linked");
    }

    [Fact]
    public void SendToErp_WithoutCostCodes_IsRefused()
    {
        var subJob = A.SubJob().WithTime(_time).WithoutCostCodes().Build();

        AssertRefused(subJob, () => subJob.SendToErp(_erp, _projectAdmin, Now), "at least one cost code");
    }

    [Fact]
    public void SendToErp_WhenErpDoesNotSupportSubJobs_IsRefused()
    {
        var subJob = Given(SubJobState.NotSent);
        var erp = A.Erp(displayName: "Procore", supportsSubJobs: false);

        AssertRefused(subJob, () => subJob.SendToErp(erp, _projectAdmin, Now), "Not all integrations support sub jobs");
    }

    [Fact]
    public void SendToErp_WhenCodeTooLongForErp_IsRefused()
    {
        var subJob = A.SubJob().WithTime(_time).WithCode(new string('C', 11)).Build();
        var erp = A.Erp(displayName: "Sage 300 CRE", maxCodeLength: 10);

        AssertRefused(subJob, () => subJob.SendToErp(erp, _projectAdmin, Now), "at most 10 characters for Sage 300 CRE");
    }

    [Fact]
    public void SendToErp_WhenCodeAtErpLimit_IsAllowed()
    {
        var subJob = A.SubJob().WithTime(_time).WithCode(new string('C', 10)).Build();

        subJob.SendToErp(A.Erp(maxCodeLength: 10), _projectAdmin, Now);

        subJob.State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public void SendToErp_WhenCodeLongerThanDefaultLimitOf30_IsRefused()
    {
        var subJob = A.SubJob().WithTime(_time).WithCode(new string('C', 31)).Build();

        AssertRefused(subJob, () => subJob.SendToErp(A.Erp(), _projectAdmin, Now), "at most 30 characters");
    }

    [Fact]
    public void SendToErp_WhenDescriptionTooLongForErp_IsRefused()
    {
        var subJob = A.SubJob().WithTime(_time).WithDescription(new string('d', 41)).Build();
        var erp = A.Erp(displayName: "Sage Intacct", maxDescriptionLength: 40);

        AssertRefused(subJob, () => subJob.SendToErp(erp, _projectAdmin, Now), "description can be at most 40 characters for Sage Intacct");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void SendToErp_WithBlankDescription_IsRefused(string description)
    {
        var subJob = A.SubJob().WithTime(_time).WithDescription(description).Build();

        AssertRefused(subJob, () => subJob.SendToErp(_erp, _projectAdmin, Now), "description");
    }

    [Theory]
    [InlineData("")]
    [InlineData("BLDG-1")]
    [InlineData("BLDG 1")]
    [InlineData("BLDG_1")]
    public void SendToErp_WithCodeNotLettersAndDigits_IsRefused(string code)
    {
        var subJob = A.SubJob().WithTime(_time).WithCode(code).Build();

        AssertRefused(subJob, () => subJob.SendToErp(_erp, _projectAdmin, Now), "letters A–Z and digits");
    }

    [Fact]
    public void ResendToErp_WhenDescriptionWasEditedBlank_IsRefused()
    {
        var subJob = Given(SubJobState.Rejected);
        subJob.Edit(subJob.Code, " ", [.. CurrentCostCodes(subJob)], _projectAdmin, Now);

        AssertRefused(subJob, () => subJob.ResendToErp(_erp, _projectAdmin, Now), "description");
    }

    [Fact]
    public void ResendToErp_WhenRejected_ClearsTheRejection()
    {
        var subJob = Given(SubJobState.Rejected);
        subJob.RejectionReason.ShouldNotBeNull();
        var resender = A.ProjectAdmin().Named("Robin Resender").Build();

        subJob.ResendToErp(_erp, resender, Now);

        subJob.State.ShouldBe(SubJobState.ReadyToExport);
        subJob.RejectionReason.ShouldBeNull();
        subJob.RejectedByName.ShouldBeNull();
        subJob.LastSentById.ShouldBe(resender.UserId);
        subJob.LastSentByName.ShouldBe("Robin Resender");
        subJob.LastSentAt.ShouldBe(Now);
        subJob.History[^1].Action.ShouldBe(AuditAction.Resent);
    }

    [Fact]
    public void ResendToErp_WhenFailedToExportBeforeRejection_ClearsTheExportError()
    {
        var subJob = Given(SubJobState.FailedToExport);
        subJob.Reject("Use another job", _approver, Now);

        subJob.ResendToErp(_erp, _projectAdmin, Now);

        subJob.ExportError.ShouldBeNull();
    }

    [Fact]
    public void ResendToErp_WhenErpDoesNotSupportSubJobs_IsRefused()
    {
        var subJob = Given(SubJobState.Retrieved);

        AssertRefused(subJob, () => subJob.ResendToErp(A.Erp(supportsSubJobs: false), _projectAdmin, Now), "Not all integrations support sub jobs");
    }

    [Fact]
    public void ResendToErp_WhenCostCodesWereRemoved_IsRefused()
    {
        var subJob = Given(SubJobState.Rejected);
        subJob.Edit(subJob.Code, subJob.Description, [], _projectAdmin, Now);

        AssertRefused(subJob, () => subJob.ResendToErp(_erp, _projectAdmin, Now), "at least one cost code");
    }

    [Fact]
    public void ResendToErp_WhenCodeWasEditedTooLong_IsRefused()
    {
        var subJob = Given(SubJobState.Retrieved);
        subJob.Edit(new string('C', 31), subJob.Description, [.. CurrentCostCodes(subJob)], _projectAdmin, Now);

        AssertRefused(subJob, () => subJob.ResendToErp(_erp, _projectAdmin, Now), "at most 30 characters");
    }

    [Fact]
    public void RetrieveFromErp_WhenReadyToExport_BecomesEditable()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        subJob.RetrieveFromErp(_projectAdmin, Now);

        subJob.State.ShouldBe(SubJobState.Retrieved);
        subJob.IsEditable.ShouldBeTrue();
    }

    [Theory]
    [InlineData(SubJobState.Exporting)]
    [InlineData(SubJobState.Synced)]
    [InlineData(SubJobState.FailedToExport)]
    public void RetrieveFromErp_WhenApproverHasActed_IsRefused(SubJobState state)
    {
        var subJob = Given(state);

        AssertRefused(subJob, () => subJob.RetrieveFromErp(_projectAdmin, Now), "approver has already acted");
    }

    [Fact]
    public void Accept_WhenNotSent_IsRefused()
    {
        var subJob = Given(SubJobState.NotSent);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", _approver, Now), "Ready to Export");
    }

    [Fact]
    public void Accept_WhenAlreadyExporting_IsRefused()
    {
        var subJob = Given(SubJobState.Exporting);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", _approver, Now), "this one is Exporting");
    }

    [Fact]
    public void Accept_ByStandardUserWithoutPrivilege_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", A.StandardWithoutPrivilege().Build(), Now), "accounting approver");
    }

    [Theory]
    [InlineData(PermissionLevel.None)]
    [InlineData(PermissionLevel.ReadOnly)]
    public void Accept_ByUserBelowStandardWithPrivilege_IsRefused(PermissionLevel level)
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var actor = A.Actor().WithLevel(level).CanPush().Build();

        AssertRefused(subJob, () => subJob.Accept("BLDG1", actor, Now), "accounting approver");
    }

    [Fact]
    public void Accept_ByAdminApprover_IsAllowed()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var admin = A.Approver().WithLevel(PermissionLevel.Admin).Build();

        subJob.Accept("BLDG1", admin, Now);

        subJob.State.ShouldBe(SubJobState.Exporting);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Accept_WithEmptyErpJobId_IsRefused(string erpJobId)
    {
        var subJob = Given(SubJobState.ReadyToExport);

        AssertRefused(subJob, () => subJob.Accept(erpJobId, _approver, Now), "Enter the ERP Job ID");
    }

    [Fact]
    public void Accept_WhenTheProjectWasUnlinked_IsRefused()
    {
        var project = A.Project().Numbered("P-7").Build();
        var subJob = A.SubJob().WithTime(_time).InProject(project).InState(SubJobState.ReadyToExport).Build();
        project.UnlinkFromErpJob(subJobsInErp: 0);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", _approver, Now), "Project P-7 is not linked to an ERP job");
    }

    [Fact]
    public void Accept_WhenReadyToExport_KeepsErpJobIdAndApprover()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        subJob.Accept("J-BLDG1", _approver, Now);

        subJob.ErpSubJobId.ShouldBe("J-BLDG1");
        subJob.AcceptedById.ShouldBe(_approver.UserId);
        subJob.IsEditable.ShouldBeFalse();
    }

    [Fact]
    public void Accept_ReturnsErpRequestWithPayload()
    {
        var project = A.Project().LinkedTo("J-1001").Build();
        var general = A.CostCode(project.CompanyId, "01-100", "General Conditions");
        var concrete = A.CostCode(project.CompanyId, "03-300", "Concrete");
        var subJob = A.SubJob().WithTime(_time).InProject(project).WithCostCodes(general, concrete)
            .WithDescription("Building 1").InState(SubJobState.ReadyToExport).Build();

        var request = subJob.Accept("J-BLDG1", _approver, Now);

        request.Id.ShouldNotBe(Guid.Empty);
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.CompanyId.ShouldBe(subJob.CompanyId);
        request.SubJobId.ShouldBe(subJob.Id);
        request.ErpSubJobId.ShouldBe("J-BLDG1");
        request.RequestedById.ShouldBe(_approver.UserId);
        request.RequestedByName.ShouldBe("Alex Accountant");
        request.Attempts.ShouldBe(0);
        request.CreatedAt.ShouldBe(Now);
        request.NextAttemptAt.ShouldBe(Now);
        request.CompletedAt.ShouldBeNull();
        var payload = request.ReadPayload();
        payload.Reference.ShouldBe(subJob.Id.ToString());
        payload.JobId.ShouldBe("J-1001");
        payload.ErpSubJobId.ShouldBe("J-BLDG1");
        payload.Description.ShouldBe("Building 1");
        payload.CostCodes.ShouldBe([new ErpCostCode("01-100", "General Conditions"), new ErpCostCode("03-300", "Concrete")], ignoreOrder: true);
    }

    [Fact]
    public void Retry_WhenFailedToExport_CreatesNewErpRequest()
    {
        var subJob = Given(SubJobState.FailedToExport);
        var retrier = A.Approver().Named("Rene Retrier").Build();

        var request = subJob.Retry(retrier, Now);

        subJob.State.ShouldBe(SubJobState.Exporting);
        subJob.ExportError.ShouldBeNull();
        subJob.AcceptedById.ShouldBe(retrier.UserId);
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.Attempts.ShouldBe(0);
        request.RequestedByName.ShouldBe("Rene Retrier");
        request.SubJobId.ShouldBe(subJob.Id);
        request.ReadPayload().ErpSubJobId.ShouldBe("BLDG1");
    }

    [Fact]
    public void Retry_EachTime_CreatesADistinctErpRequest()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var first = subJob.Accept("BLDG1", _approver, Now);
        subJob.MarkExportFailed("ERP down", Now);

        var second = subJob.Retry(_approver, Now);

        second.Id.ShouldNotBe(first.Id);
        second.Payload.ShouldBe(first.Payload);
    }

    [Fact]
    public void Retry_WhenTheProjectWasUnlinked_IsRefused()
    {
        var project = A.Project().Numbered("P-7").Build();
        var subJob = A.SubJob().WithTime(_time).InProject(project).InState(SubJobState.FailedToExport).Build();

        // Data unlinked before unlinking counted sub jobs that Failed to Export.
        project.UnlinkFromErpJob(subJobsInErp: 0);

        AssertRefused(subJob, () => subJob.Retry(_approver, Now), "Project P-7 is no longer linked to an ERP job, so the sub job cannot be exported.");
    }

    [Fact]
    public void Retry_ByStandardUserWithoutPrivilege_IsRefused()
    {
        var subJob = Given(SubJobState.FailedToExport);

        AssertRefused(subJob, () => subJob.Retry(A.StandardWithoutPrivilege().Build(), Now), "accounting approver");
    }

    [Fact]
    public void Accept_OfTheVersionReviewed_IsAllowed()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        subJob.Accept("BLDG1", _approver, Now, seenVersion: subJob.Version);

        subJob.State.ShouldBe(SubJobState.Exporting);
    }

    [Fact]
    public void Accept_WhenChangedSinceTheVersionReviewed_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var seen = subJob.Version;
        subJob.RetrieveFromErp(_projectAdmin, Now);
        subJob.Edit(subJob.Code, "Building 1 and the parking deck", [.. CurrentCostCodes(subJob)], _projectAdmin, Now);
        subJob.ResendToErp(_erp, _projectAdmin, Now);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", _approver, Now, seenVersion: seen), SubJob.ChangedSinceSeen);
    }

    [Fact]
    public void Reject_WhenChangedSinceTheVersionReviewed_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var seen = subJob.Version;
        subJob.RetrieveFromErp(_projectAdmin, Now);
        subJob.ResendToErp(_erp, _projectAdmin, Now);

        AssertRefused(subJob, () => subJob.Reject("Split it.", _approver, Now, seenVersion: seen), SubJob.ChangedSinceSeen);
    }

    [Fact]
    public void Retry_WhenChangedSinceTheVersionReviewed_IsRefused()
    {
        var subJob = Given(SubJobState.FailedToExport);
        var seen = subJob.Version;
        subJob.Reject("Wrong area.", _approver, Now);
        subJob.ResendToErp(_erp, _projectAdmin, Now);
        subJob.Accept("BLDG1", _approver, Now);
        subJob.MarkExportFailed("ERP refused it again", Now);

        AssertRefused(subJob, () => subJob.Retry(_approver, Now, seenVersion: seen), SubJob.ChangedSinceSeen);
    }

    [Fact]
    public void Accept_WhenChangedSinceTheVersionReviewed_AndNoLongerReady_IsRefusedForItsState()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var seen = subJob.Version;
        subJob.RetrieveFromErp(_projectAdmin, Now);

        AssertRefused(subJob, () => subJob.Accept("BLDG1", _approver, Now, seenVersion: seen), "this one is Retrieved");
    }

    [Fact]
    public void MarkExported_WhenExporting_SetsErpRecordIdAndSynced()
    {
        var subJob = A.SubJob().WithTime(_time).AcceptedAs("J-BLDG1").InState(SubJobState.Exporting).Build();

        subJob.MarkExported("REC-77", Now);

        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.ErpRecordId.ShouldBe("REC-77");
        subJob.ErpSubJobId.ShouldBe("J-BLDG1");
        subJob.ExportError.ShouldBeNull();
        subJob.IsEditable.ShouldBeFalse();
        var entry = subJob.History[^1];
        entry.Action.ShouldBe(AuditAction.Exported);
        entry.ActorId.ShouldBeNull();
        entry.ActorName.ShouldBe(System);
        entry.Details.ShouldNotBeNull();
        entry.Details.ShouldContain("Successfully Exported");
    }

    [Fact]
    public void MarkExportFailed_WhenExporting_KeepsTheErpMessage()
    {
        var subJob = Given(SubJobState.Exporting);

        subJob.MarkExportFailed("Job J-1001 is closed in the ERP", Now);

        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldBe("Job J-1001 is closed in the ERP");
        subJob.ErpRecordId.ShouldBeNull();
        subJob.History[^1].Details.ShouldBe("Job J-1001 is closed in the ERP");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Reject_WithEmptyReason_IsRefused(string? reason)
    {
        var subJob = Given(SubJobState.ReadyToExport);

        AssertRefused(subJob, () => subJob.Reject(reason!, _approver, Now), "short explanation");
    }

    [Fact]
    public void Reject_WithTooLongReason_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);
        var reason = new string('r', SubJob.MaxRejectionReasonLength + 1);

        AssertRefused(subJob, () => subJob.Reject(reason, _approver, Now), $"at most {SubJob.MaxRejectionReasonLength} characters");
    }

    [Fact]
    public void Reject_WithReasonAtLimit_IsAllowed()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        subJob.Reject(new string('r', SubJob.MaxRejectionReasonLength), _approver, Now);

        subJob.State.ShouldBe(SubJobState.Rejected);
    }

    [Fact]
    public void Reject_WhenReadyToExport_KeepsTrimmedReasonAndApprover()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        subJob.Reject("  Wrong building number  ", _approver, Now);

        subJob.State.ShouldBe(SubJobState.Rejected);
        subJob.RejectionReason.ShouldBe("Wrong building number");
        subJob.RejectedByName.ShouldBe("Alex Accountant");
        subJob.IsEditable.ShouldBeTrue();
        var entry = subJob.History[^1];
        entry.Action.ShouldBe(AuditAction.Rejected);
        entry.ActorName.ShouldBe("Alex Accountant");
        entry.Details.ShouldBe("Wrong building number");
    }

    [Fact]
    public void Reject_WhenFailedToExport_ClearsErpJobIdAndKeepsReason()
    {
        var subJob = A.SubJob().WithTime(_time).AcceptedAs("J-BLDG1").InState(SubJobState.FailedToExport).Build();
        subJob.ErpSubJobId.ShouldBe("J-BLDG1");

        subJob.Reject("Job is closed; use another", _approver, Now);

        subJob.State.ShouldBe(SubJobState.Rejected);
        subJob.ErpSubJobId.ShouldBeNull();
        subJob.RejectionReason.ShouldBe("Job is closed; use another");
    }

    [Fact]
    public void Reject_ByStandardUserWithoutPrivilege_IsRefused()
    {
        var subJob = Given(SubJobState.ReadyToExport);

        AssertRefused(subJob, () => subJob.Reject("No", A.StandardWithoutPrivilege().Build(), Now), "accounting approver");
    }

    [Fact]
    public void Version_OnEachTransition_Increments()
    {
        var subJob = Given(SubJobState.NotSent);
        var versions = new List<int> { subJob.Version };

        subJob.SendToErp(_erp, _projectAdmin, Now);
        versions.Add(subJob.Version);
        subJob.Reject("Wrong description", _approver, Now);
        versions.Add(subJob.Version);
        subJob.Edit(subJob.Code, "Building One", [.. CurrentCostCodes(subJob)], _projectAdmin, Now);
        versions.Add(subJob.Version);
        subJob.ResendToErp(_erp, _projectAdmin, Now);
        versions.Add(subJob.Version);
        subJob.RetrieveFromErp(_projectAdmin, Now);
        versions.Add(subJob.Version);
        subJob.ResendToErp(_erp, _projectAdmin, Now);
        versions.Add(subJob.Version);
        subJob.Accept("BLDG1", _approver, Now);
        versions.Add(subJob.Version);
        subJob.MarkExportFailed("ERP down", Now);
        versions.Add(subJob.Version);
        subJob.Retry(_approver, Now);
        versions.Add(subJob.Version);
        subJob.MarkExported("REC-1", Now);
        versions.Add(subJob.Version);

        versions.ShouldBe(Enumerable.Range(1, versions.Count));
    }

    [Fact]
    public void History_OverAWholeLife_KeepsEveryEntryInOrder()
    {
        var subJob = Given(SubJobState.NotSent);

        subJob.SendToErp(_erp, _projectAdmin, Step());
        subJob.Reject("Wrong description", _approver, Step());
        subJob.Edit(subJob.Code, "Building One", [.. CurrentCostCodes(subJob)], _projectAdmin, Step());
        subJob.ResendToErp(_erp, _projectAdmin, Step());
        subJob.Accept("BLDG1", _approver, Step());
        subJob.MarkExportFailed("ERP down", Step());
        subJob.Retry(_approver, Step());
        subJob.MarkExported("REC-1", Step());

        subJob.History.Select(e => e.Action).ShouldBe(
        [
            AuditAction.Created, AuditAction.Sent, AuditAction.Rejected, AuditAction.Edited, AuditAction.Resent,
            AuditAction.Accepted, AuditAction.ExportFailed, AuditAction.Retried, AuditAction.Exported,
        ]);
        subJob.History.Select(e => e.At).ShouldBeInOrder(SortDirection.Ascending);
        subJob.History.Select(e => e.At).Distinct().Count().ShouldBe(subJob.History.Count);
    }

    [Theory]
    [InlineData(SubJobState.NotSent, true)]
    [InlineData(SubJobState.ReadyToExport, false)]
    [InlineData(SubJobState.Exporting, false)]
    [InlineData(SubJobState.Synced, false)]
    [InlineData(SubJobState.FailedToExport, false)]
    [InlineData(SubJobState.Rejected, true)]
    [InlineData(SubJobState.Retrieved, true)]
    public void IsEditable_InEachState_FollowsTheTable(SubJobState state, bool editable) =>
        Given(state).IsEditable.ShouldBe(editable);

    [Theory]
    [InlineData(SubJobState.NotSent, "Not sent", "none")]
    [InlineData(SubJobState.ReadyToExport, "Ready to Export", "blue")]
    [InlineData(SubJobState.Exporting, "Exporting", "blue")]
    [InlineData(SubJobState.Synced, "Synced", "green")]
    [InlineData(SubJobState.FailedToExport, "Failed to Export", "red")]
    [InlineData(SubJobState.Rejected, "Rejected", "yellow")]
    [InlineData(SubJobState.Retrieved, "Retrieved", "yellow")]
    public void State_InEachState_HasTheLabelAndIconOfTheTable(SubJobState state, string label, string icon)
    {
        state.ToDisplay().ShouldBe(label);
        state.Icon().ShouldBe(icon);
    }

    private static IEnumerable<CostCode> CurrentCostCodes(SubJob subJob) =>
        subJob.CostCodes.Select(c => new CostCode(c.CostCodeId, subJob.CompanyId, c.Code, c.Description));

    private static void AssertRefused(SubJob subJob, Action act, string messagePart)
    {
        var before = Snapshot.Of(subJob);

        var refusal = Should.Throw<DomainRuleException>(act);

        refusal.Message.ShouldContain(messagePart);
        Snapshot.Of(subJob).ShouldBe(before);
    }

    private SubJob Given(SubJobState state) =>
        A.SubJob().WithTime(_time).SentBy(_projectAdmin).ApprovedBy(_approver).InState(state).Build();

    private DateTime Step()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return Now;
    }

    private Actor? ExpectedActor(Transition via) => via switch
    {
        Transition.Accept or Transition.Retry or Transition.Reject => _approver,
        Transition.MarkExported or Transition.MarkExportFailed => null,
        _ => _projectAdmin,
    };

    private ErpRequest? Apply(SubJob subJob, Transition via)
    {
        switch (via)
        {
            case Transition.Edit:
                subJob.Edit(subJob.Code, subJob.Description, [A.CostCode(subJob.CompanyId, "02-200", "Sitework")], _projectAdmin, Now);
                return null;
            case Transition.SendToErp:
                subJob.SendToErp(_erp, _projectAdmin, Now);
                return null;
            case Transition.ResendToErp:
                subJob.ResendToErp(_erp, _projectAdmin, Now);
                return null;
            case Transition.RetrieveFromErp:
                subJob.RetrieveFromErp(_projectAdmin, Now);
                return null;
            case Transition.Accept:
                return subJob.Accept("J-BLDG1", _approver, Now);
            case Transition.Retry:
                return subJob.Retry(_approver, Now);
            case Transition.MarkExported:
                subJob.MarkExported("REC-77", Now);
                return null;
            case Transition.MarkExportFailed:
                subJob.MarkExportFailed("Job J-1001 is closed in the ERP", Now);
                return null;
            case Transition.Reject:
                subJob.Reject("Wrong cost codes", _approver, Now);
                return null;
            default:
                throw new InvalidOperationException($"Unknown transition {via}.");
        }
    }

    /// <summary>Everything a refused transition must leave as it was.</summary>
    private sealed record Snapshot(
        SubJobState State,
        int Version,
        DateTime UpdatedAt,
        int HistoryCount,
        string Code,
        string Description,
        string CostCodes,
        string? ErpJobId,
        string? ErpRecordId,
        string? RejectionReason,
        string? ExportError,
        Guid? LastSentById,
        Guid? AcceptedById)
    {
        public static Snapshot Of(SubJob s) => new(
            s.State,
            s.Version,
            s.UpdatedAt,
            s.History.Count,
            s.Code,
            s.Description,
            string.Join(",", s.CostCodes.Select(c => c.CostCodeId)),
            s.ErpSubJobId,
            s.ErpRecordId,
            s.RejectionReason,
            s.ExportError,
            s.LastSentById,
            s.AcceptedById);
    }
}
