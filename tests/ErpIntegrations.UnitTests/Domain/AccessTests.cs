using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class AccessTests
{
    [Theory]
    [InlineData(PermissionLevel.None, true, false)]
    [InlineData(PermissionLevel.ReadOnly, true, false)]
    [InlineData(PermissionLevel.Standard, false, false)]
    [InlineData(PermissionLevel.Standard, true, true)]
    [InlineData(PermissionLevel.Admin, true, true)]
    [InlineData(PermissionLevel.Admin, false, false)]
    public void CanApprove_NeedsStandardAndCanPushToAccounting(PermissionLevel level, bool canPush, bool expected) =>
        Access.CanApprove(new Actor(Guid.NewGuid(), Guid.NewGuid(), "A", level, canPush, false)).ShouldBe(expected);
}
