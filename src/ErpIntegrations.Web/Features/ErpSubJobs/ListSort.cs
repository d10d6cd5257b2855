namespace ErpIntegrations.Web.Features.ErpSubJobs;

// The orders a list can be read in; each is paged by a keyset of its own (ListCursor).
public enum ListSort
{
    Newest,
    Oldest,
    Project,
    Code,
}

public static class ListSorts
{
    public static readonly IReadOnlyList<ListSort> All = Enum.GetValues<ListSort>();

    public static string Slug(this ListSort sort) => sort switch
    {
        ListSort.Newest => "newest",
        ListSort.Oldest => "oldest",
        ListSort.Project => "project",
        ListSort.Code => "code",
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    public static string Title(this ListSort sort) => sort switch
    {
        ListSort.Newest => "Sent date, newest first",
        ListSort.Oldest => "Sent date, oldest first",
        ListSort.Project => "Project",
        ListSort.Code => "Code",
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    public static bool BySentDate(this ListSort sort) => sort is ListSort.Newest or ListSort.Oldest;

    // Null or empty: newest first; an unknown name: null.
    public static ListSort? Parse(string? slug) =>
        string.IsNullOrWhiteSpace(slug)
            ? ListSort.Newest
            : All.Cast<ListSort?>().FirstOrDefault(s => string.Equals(s!.Value.Slug(), slug.Trim(), StringComparison.OrdinalIgnoreCase));
}
