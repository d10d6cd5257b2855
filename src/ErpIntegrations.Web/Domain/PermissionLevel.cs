namespace ErpIntegrations.Web.Domain;

public enum PermissionLevel
{
    None = 0,
    ReadOnly = 1,
    Standard = 2,
    Admin = 3,
}

public static class PermissionLevelText
{
    public static string ToDisplay(this PermissionLevel level) => level switch
    {
        PermissionLevel.ReadOnly => "Read Only",
        _ => level.ToString(),
    };
}
