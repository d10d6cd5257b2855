using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class CompanyAdministrationTests
{
    private static readonly Guid CompanyId = Guid.NewGuid();

    [Theory]
    [InlineData(false, PermissionLevel.Admin, true)]
    [InlineData(true, PermissionLevel.None, true)]
    [InlineData(false, PermissionLevel.Standard, false)]
    public void CanManageProjects_DirectoryAdminOrErpIntegrationsAdmin(bool directoryAdmin, PermissionLevel level, bool expected) =>
        Access.CanManageProjects(A.Actor().WithLevel(level).DirectoryAdmin(directoryAdmin).Build()).ShouldBe(expected);

    [Theory]
    [InlineData(false, PermissionLevel.Admin, true)]
    [InlineData(true, PermissionLevel.Standard, false)]
    public void CanManageCostCodes_OnlyErpIntegrationsAdmin(bool directoryAdmin, PermissionLevel level, bool expected) =>
        Access.CanManageCostCodes(A.Actor().WithLevel(level).DirectoryAdmin(directoryAdmin).Build()).ShouldBe(expected);

    [Theory]
    [InlineData(true, PermissionLevel.None, true)]
    [InlineData(false, PermissionLevel.Admin, false)]
    public void CanManageDirectory_OnlyDirectoryAdmin(bool directoryAdmin, PermissionLevel level, bool expected) =>
        Access.CanManageDirectory(A.Actor().WithLevel(level).DirectoryAdmin(directoryAdmin).Build()).ShouldBe(expected);

    [Fact]
    public void ChangeAccess_OfTheLastDirectoryAdmin_IsRefused()
    {
        var user = Member(directoryAdmin: true);

        Should.Throw<DomainRuleException>(() => user.ChangeAccess(PermissionLevel.Admin, directoryAdmin: false, otherActiveDirectoryAdmins: 0, otherGranters: 1, Admin()))
            .Message.ShouldContain("last Directory Admin");
        user.IsDirectoryAdmin.ShouldBeTrue();
    }

    [Fact]
    public void ChangeAccess_WithAnotherDirectoryAdmin_RemovesTheFlag()
    {
        var user = Member(directoryAdmin: true);

        user.ChangeAccess(PermissionLevel.ReadOnly, directoryAdmin: false, otherActiveDirectoryAdmins: 1, otherGranters: 1, Admin());

        user.IsDirectoryAdmin.ShouldBeFalse();
        user.ErpIntegrationsLevel.ShouldBe(PermissionLevel.ReadOnly);
    }

    [Fact]
    public void ChangeAccess_ByANonDirectoryAdmin_IsRefused() =>
        Should.Throw<DomainRuleException>(() => Member().ChangeAccess(PermissionLevel.Admin, true, 1, 1, A.Actor().InCompany(CompanyId).WithLevel(PermissionLevel.Admin).Build()));

    [Fact]
    public void ChangeAccess_ByAnotherCompanysDirectoryAdmin_IsRefused() =>
        Should.Throw<DomainRuleException>(() => Member().ChangeAccess(PermissionLevel.Admin, true, 1, 1, A.DirectoryAdmin().Build()));

    [Fact]
    public void Deactivate_IsRefusedForYourself_ForTheLastDirectoryAdmin_AndTwice()
    {
        var admin = Admin();
        var self = Member(directoryAdmin: true, id: admin.UserId);
        Should.Throw<DomainRuleException>(() => self.Deactivate(5, 1, admin)).Message.ShouldContain("your own account");

        var lastAdmin = Member(directoryAdmin: true);
        Should.Throw<DomainRuleException>(() => lastAdmin.Deactivate(0, 1, admin)).Message.ShouldContain("last Directory Admin");

        var user = Member();
        var stamp = user.SecurityStamp;
        user.Deactivate(0, 1, admin);
        user.IsActive.ShouldBeFalse();
        user.SecurityStamp.ShouldNotBe(stamp);
        Should.Throw<DomainRuleException>(() => user.Deactivate(0, 1, admin));

        user.Reactivate(admin);
        user.IsActive.ShouldBeTrue();
        Should.Throw<DomainRuleException>(() => user.Reactivate(admin));
    }

    [Fact]
    public void Unlink_WhileSubJobsAreInTheErp_IsRefused()
    {
        var project = A.Project().LinkedTo("JOB-1").Build();

        Should.Throw<DomainRuleException>(() => project.UnlinkFromErpJob(subJobsInErp: 1)).Message.ShouldContain("cannot be unlinked");
        Should.Throw<DomainRuleException>(() => project.LinkToErpJob("JOB-2", subJobsInErp: 1));
        project.ErpJobId.ShouldBe("JOB-1");

        project.UnlinkFromErpJob(subJobsInErp: 0);
        project.IsLinked.ShouldBeFalse();
        Should.Throw<DomainRuleException>(() => project.UnlinkFromErpJob(0));
    }

    [Fact]
    public void ChangeErpConnection_WhileExportsAreInProgress_IsRefused()
    {
        var company = new Company(CompanyId, "Acme", "Sandbox", "ledger-a");
        var erpAdmin = A.Actor().InCompany(CompanyId).WithLevel(PermissionLevel.Admin).Build();

        Should.Throw<DomainRuleException>(() => company.ChangeErpConnection("Sandbox", "ledger-b", "", exportsInProgress: 2, erpAdmin))
            .Message.ShouldStartWith("2 exports are in progress.");
        Should.Throw<DomainRuleException>(() => company.ChangeErpConnection("Sandbox", "ledger-b", "", 0, A.Actor().InCompany(CompanyId).WithLevel(PermissionLevel.Standard).Build()));
        company.ErpConnection.ShouldBe("ledger-a");

        company.ChangeErpConnection("Sandbox", "ledger-b", "", 0, erpAdmin);
        company.ErpConnection.ShouldBe("ledger-b");
    }

    [Fact]
    public void ChangeErpConnection_OnlyANewSecret_IsAllowedWhileExportsAreInProgress_ButNothingNewIsRefused()
    {
        var company = new Company(CompanyId, "Acme", "Tryton", "Url=http://t:8000/;Database=erp;Username=u", "protected-old");
        var erpAdmin = A.Actor().InCompany(CompanyId).WithLevel(PermissionLevel.Admin).Build();

        company.ChangeErpConnection("Tryton", company.ErpConnection, "protected-new", exportsInProgress: 3, erpAdmin);
        company.ErpSecrets.ShouldBe("protected-new");

        Should.Throw<DomainRuleException>(() => company.ChangeErpConnection("Tryton", company.ErpConnection, "protected-new", 0, erpAdmin))
            .Message.ShouldBe("The ERP connection is already set this way; nothing was changed.");
        Should.Throw<DomainRuleException>(() => company.ChangeErpConnection("Tryton", "Url=http://other:8000/;Database=erp;Username=u", "protected-new", 1, erpAdmin))
            .Message.ShouldStartWith("1 export is in progress.");
    }

    [Fact]
    public void CostCode_EditCode_WhenSubJobsUseIt_IsRefused_ButItsDescriptionChanges()
    {
        var costCode = A.CostCode(CompanyId);
        var code = costCode.Code;

        Should.Throw<DomainRuleException>(() => costCode.Edit("99-999", costCode.Description, usedBySubJobs: 2))
            .Message.ShouldContain("Deactivate it and add a new cost code instead");
        costCode.Edit(code, "Renamed", usedBySubJobs: 2);
        costCode.Edit("99-999", "Renamed", usedBySubJobs: 0);

        costCode.Code.ShouldBe("99-999");
        costCode.Description.ShouldBe("Renamed");
    }

    [Fact]
    public void CostCode_DeactivateAndReactivate_RefuseRepeats()
    {
        var costCode = A.CostCode(CompanyId);
        costCode.Deactivate();
        costCode.IsActive.ShouldBeFalse();
        Should.Throw<DomainRuleException>(costCode.Deactivate);
        costCode.Reactivate();
        Should.Throw<DomainRuleException>(costCode.Reactivate);
    }

    [Fact]
    public void TheLastGranter_CannotLoseThePrivilege_StopBeingDirectoryAdmin_OrBeDeactivated()
    {
        var granter = Granter();
        var grantor = A.DirectoryAdmin().CanPush().InCompany(CompanyId).Build();

        Should.Throw<DomainRuleException>(() => granter.SetAccountingApprover(false, otherGranters: 0, grantor))
            .Message.ShouldContain("last Directory Admin who can grant accounting approver privileges");
        Should.Throw<DomainRuleException>(() => granter.ChangeAccess(PermissionLevel.Admin, directoryAdmin: false, otherActiveDirectoryAdmins: 1, otherGranters: 0, Admin()));
        Should.Throw<DomainRuleException>(() => granter.Deactivate(otherActiveDirectoryAdmins: 1, otherGranters: 0, Admin()));
        granter.CanGrantApproverPrivileges.ShouldBeTrue();
        granter.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void AGranter_WithAnotherGranter_CanLoseThePrivilege()
    {
        var granter = Granter();

        granter.SetAccountingApprover(false, otherGranters: 1, A.DirectoryAdmin().CanPush().InCompany(CompanyId).Build());

        granter.CanPushToAccounting.ShouldBeFalse();
    }

    private static User Granter()
    {
        var user = Member(directoryAdmin: true);
        user.SetAccountingApprover(true, otherGranters: 1, A.DirectoryAdmin().CanPush().InCompany(CompanyId).Build());
        return user;
    }

    private static Actor Admin() => A.DirectoryAdmin().InCompany(CompanyId).Build();

    private static User Member(bool directoryAdmin = false, Guid? id = null)
    {
        var user = User.NewMember(id ?? Guid.NewGuid(), CompanyId, "someone@acme.test", "Someone");
        user.IsDirectoryAdmin = directoryAdmin;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        return user;
    }
}
