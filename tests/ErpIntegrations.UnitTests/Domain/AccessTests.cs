using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class AccessTests
{
    [Theory]
    [InlineData(PermissionLevel.None, false)]
    [InlineData(PermissionLevel.ReadOnly, true)]
    [InlineData(PermissionLevel.Standard, true)]
    [InlineData(PermissionLevel.Admin, true)]
    public void CanViewErpIntegrations_NeedsReadOnlyOrHigher(PermissionLevel level, bool expected) =>
        Access.CanViewErpIntegrations(A.Actor().WithLevel(level).Build()).ShouldBe(expected);

    [Fact]
    public void CanViewErpIntegrations_WhenNoneButApprover_IsRefused() =>
        Access.CanViewErpIntegrations(A.Actor().WithLevel(PermissionLevel.None).CanPush().DirectoryAdmin().Build()).ShouldBeFalse();

    [Theory]
    [InlineData(PermissionLevel.None, false, false)]
    [InlineData(PermissionLevel.None, true, false)]
    [InlineData(PermissionLevel.ReadOnly, false, false)]
    [InlineData(PermissionLevel.ReadOnly, true, false)]
    [InlineData(PermissionLevel.Standard, false, false)]
    [InlineData(PermissionLevel.Standard, true, true)]
    [InlineData(PermissionLevel.Admin, false, false)]
    [InlineData(PermissionLevel.Admin, true, true)]
    public void CanApprove_NeedsStandardAndCanPushToAccounting(PermissionLevel level, bool canPush, bool expected) =>
        Access.CanApprove(A.Actor().WithLevel(level).CanPush(canPush).Build()).ShouldBe(expected);

    [Fact]
    public void CanApprove_ByStandardUserWithoutPrivilege_IsRefused() =>
        Access.CanApprove(A.StandardWithoutPrivilege().Build()).ShouldBeFalse();

    [Fact]
    public void CanApprove_ByDirectoryAdminWithoutPrivilege_IsRefused() =>
        Access.CanApprove(A.DirectoryAdmin().Build()).ShouldBeFalse();

    [Theory]
    [InlineData(PermissionLevel.None, false)]
    [InlineData(PermissionLevel.ReadOnly, false)]
    [InlineData(PermissionLevel.Standard, false)]
    [InlineData(PermissionLevel.Admin, true)]
    public void CanManageSubJobs_NeedsAdminOnProjectAdminTool(PermissionLevel projectAdminToolLevel, bool expected) =>
        Access.CanManageSubJobs(projectAdminToolLevel).ShouldBe(expected);

    [Theory]
    [InlineData(PermissionLevel.None, false)]
    [InlineData(PermissionLevel.ReadOnly, true)]
    [InlineData(PermissionLevel.Standard, true)]
    [InlineData(PermissionLevel.Admin, true)]
    public void CanViewProject_NeedsReadOnlyOrHigherOnProjectAdminTool(PermissionLevel projectAdminToolLevel, bool expected) =>
        Access.CanViewProject(projectAdminToolLevel).ShouldBe(expected);

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void CanGrantApproverPrivileges_NeedsDirectoryAdminWhoCanPush(bool isDirectoryAdmin, bool canPush, bool expected) =>
        Access.CanGrantApproverPrivileges(
            A.Actor().WithLevel(PermissionLevel.Admin).DirectoryAdmin(isDirectoryAdmin).CanPush(canPush).Build())
            .ShouldBe(expected);

    [Theory]
    [InlineData(PermissionLevel.None, false)]
    [InlineData(PermissionLevel.ReadOnly, false)]
    [InlineData(PermissionLevel.Standard, false)]
    [InlineData(PermissionLevel.Admin, true)]
    public void CanConfigureErpConnection_NeedsAdminOnErpIntegrations(PermissionLevel level, bool expected) =>
        Access.CanConfigureErpConnection(A.Actor().WithLevel(level).CanPush().DirectoryAdmin().Build()).ShouldBe(expected);

    [Theory]
    [InlineData(PermissionLevel.None, false, false)]
    [InlineData(PermissionLevel.None, true, true)]
    [InlineData(PermissionLevel.ReadOnly, false, true)]
    public void CanViewDirectory_NeedsDirectoryAdminOrToolAccess(PermissionLevel level, bool isDirectoryAdmin, bool expected) =>
        Access.CanViewDirectory(A.Actor().WithLevel(level).DirectoryAdmin(isDirectoryAdmin).Build()).ShouldBe(expected);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SetAccountingApprover_ByDirectoryAdminWhoCanPush_SetsThePrivilege(bool canPush)
    {
        var companyId = Guid.NewGuid();
        var user = UserIn(companyId);
        var grantor = A.DirectoryAdmin().CanPush().InCompany(companyId).Build();
        user.SetAccountingApprover(!canPush, 1, grantor);

        user.SetAccountingApprover(canPush, 1, grantor);

        user.CanPushToAccounting.ShouldBe(canPush);
        Access.CanApprove(user.ToActor()).ShouldBe(canPush);
    }

    [Fact]
    public void SetAccountingApprover_ByDirectoryAdminWithoutPrivilege_IsRefused()
    {
        var companyId = Guid.NewGuid();
        var user = UserIn(companyId);

        Should.Throw<DomainRuleException>(() => user.SetAccountingApprover(true, 1, A.DirectoryAdmin().InCompany(companyId).Build()))
            .Message.ShouldContain("Directory Admin");
        user.CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public void SetAccountingApprover_ByApproverWhoIsNotDirectoryAdmin_IsRefused()
    {
        var companyId = Guid.NewGuid();
        var user = UserIn(companyId);

        Should.Throw<DomainRuleException>(() => user.SetAccountingApprover(true, 1, A.Approver().WithLevel(PermissionLevel.Admin).InCompany(companyId).Build()));
        user.CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public void SetAccountingApprover_ByDirectoryAdminOfAnotherCompany_IsRefused()
    {
        var user = UserIn(Guid.NewGuid());
        var foreignAdmin = A.DirectoryAdmin().CanPush().InCompany(Guid.NewGuid()).Build();

        Should.Throw<DomainRuleException>(() => user.SetAccountingApprover(true, 1, foreignAdmin));
        user.CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public void SetAccountingApprover_ClearingByOtherCompany_LeavesThePrivilege()
    {
        var companyId = Guid.NewGuid();
        var user = UserIn(companyId);
        user.SetAccountingApprover(true, 1, A.DirectoryAdmin().CanPush().InCompany(companyId).Build());

        Should.Throw<DomainRuleException>(() => user.SetAccountingApprover(false, 1, A.DirectoryAdmin().CanPush().InCompany(Guid.NewGuid()).Build()));
        user.CanPushToAccounting.ShouldBeTrue();
    }

    [Fact]
    public void ToActor_CarriesTheUsersPermissions()
    {
        var companyId = Guid.NewGuid();
        var user = UserIn(companyId);
        user.IsDirectoryAdmin = true;
        user.SetAccountingApprover(true, 1, A.DirectoryAdmin().CanPush().InCompany(companyId).Build());

        user.ToActor().ShouldBe(new Actor(user.Id, companyId, "Uma User", PermissionLevel.Standard, true, true));
    }

    private static User UserIn(Guid companyId) => new()
    {
        Id = Guid.NewGuid(),
        CompanyId = companyId,
        DisplayName = "Uma User",
        ErpIntegrationsLevel = PermissionLevel.Standard,
    };
}
