using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using Microsoft.Extensions.Time.Testing;

namespace ErpIntegrations.UnitTests.Domain;

/// <summary>Entry point of the test builders: every call starts from fresh, valid defaults.</summary>
internal static class A
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static SubJobBuilder SubJob() => new();

    public static ProjectBuilder Project() => new();

    public static ActorBuilder Actor() => new();

    /// <summary>Standard on ERP Integrations with 'Can Push to Accounting'.</summary>
    public static ActorBuilder Approver() => new ActorBuilder().Named("Avery Approver").WithLevel(PermissionLevel.Standard).CanPush();

    /// <summary>Project staff: Standard on ERP Integrations, no privilege (the project Admin tool level lives elsewhere).</summary>
    public static ActorBuilder ProjectAdmin() => new ActorBuilder().Named("Pat Projectadmin").WithLevel(PermissionLevel.Standard);

    public static ActorBuilder StandardWithoutPrivilege() => new ActorBuilder().Named("Sam Standard").WithLevel(PermissionLevel.Standard);

    public static ActorBuilder DirectoryAdmin() => new ActorBuilder().Named("Dana Directory").WithLevel(PermissionLevel.Admin).DirectoryAdmin();

    public static ErpCapabilities Erp(
        string displayName = "Sandbox ERP",
        bool supportsSubJobs = true,
        int maxCodeLength = 30,
        int maxDescriptionLength = 60) =>
        new(displayName, supportsSubJobs, maxCodeLength, maxDescriptionLength, CanListSubJobs: true);

    public static CostCode CostCode(Guid companyId, string code = "01-100", string description = "General Conditions") =>
        new(Guid.NewGuid(), companyId, code, description);
}

internal sealed class ActorBuilder
{
    private Guid _userId = Guid.NewGuid();
    private Guid _companyId = Guid.NewGuid();
    private string _name = "Casey Someone";
    private PermissionLevel _level = PermissionLevel.ReadOnly;
    private bool _canPush;
    private bool _isDirectoryAdmin;

    public ActorBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public ActorBuilder WithId(Guid userId)
    {
        _userId = userId;
        return this;
    }

    public ActorBuilder InCompany(Guid companyId)
    {
        _companyId = companyId;
        return this;
    }

    public ActorBuilder WithLevel(PermissionLevel level)
    {
        _level = level;
        return this;
    }

    public ActorBuilder CanPush(bool canPush = true)
    {
        _canPush = canPush;
        return this;
    }

    public ActorBuilder DirectoryAdmin(bool isDirectoryAdmin = true)
    {
        _isDirectoryAdmin = isDirectoryAdmin;
        return this;
    }

    public Actor Build() => new(_userId, _companyId, _name, _level, _canPush, _isDirectoryAdmin);
}

internal sealed class ProjectBuilder
{
    private Guid _companyId = Guid.NewGuid();
    private string _number = "P-1001";
    private string? _erpJobId = "J-1001";

    public ProjectBuilder InCompany(Guid companyId)
    {
        _companyId = companyId;
        return this;
    }

    public ProjectBuilder Numbered(string number)
    {
        _number = number;
        return this;
    }

    public ProjectBuilder LinkedTo(string erpJobId)
    {
        _erpJobId = erpJobId;
        return this;
    }

    public ProjectBuilder Unlinked()
    {
        _erpJobId = null;
        return this;
    }

    public Project Build() => new(Guid.NewGuid(), _companyId, _number, "Harbour Tower", _erpJobId);
}

/// <summary>
/// Builds a sub job in any state by walking the legal transitions from Create, so a state the
/// domain cannot reach cannot be built either.
/// </summary>
internal sealed class SubJobBuilder
{
    private FakeTimeProvider _time = A.Clock();
    private Project? _project;
    private string _code = "BLDG1";
    private string _description = "Building 1";
    private IReadOnlyCollection<CostCode>? _costCodes;
    private SubJobState _state = SubJobState.NotSent;
    private Actor _sender = A.ProjectAdmin().Build();
    private Actor _approver = A.Approver().Build();
    private ErpCapabilities _erp = A.Erp();
    private string _erpJobId = "BLDG1";

    public SubJobBuilder WithTime(FakeTimeProvider time)
    {
        _time = time;
        return this;
    }

    public SubJobBuilder InProject(Project project)
    {
        _project = project;
        return this;
    }

    public SubJobBuilder WithCode(string code)
    {
        _code = code;
        return this;
    }

    public SubJobBuilder WithDescription(string description)
    {
        _description = description;
        return this;
    }

    public SubJobBuilder WithCostCodes(params CostCode[] costCodes)
    {
        _costCodes = costCodes;
        return this;
    }

    public SubJobBuilder WithoutCostCodes() => WithCostCodes();

    public SubJobBuilder SentBy(Actor sender)
    {
        _sender = sender;
        return this;
    }

    public SubJobBuilder ApprovedBy(Actor approver)
    {
        _approver = approver;
        return this;
    }

    public SubJobBuilder AcceptedAs(string erpJobId)
    {
        _erpJobId = erpJobId;
        return this;
    }

    public SubJobBuilder ForErp(ErpCapabilities erp)
    {
        _erp = erp;
        return this;
    }

    public SubJobBuilder InState(SubJobState state)
    {
        _state = state;
        return this;
    }

    public SubJob Build()
    {
        var project = _project ?? A.Project().Build();
        var costCodes = _costCodes ?? [A.CostCode(project.CompanyId)];
        var subJob = SubJob.Create(project, _code, _description, costCodes, _sender, Step());

        if (_state == SubJobState.NotSent)
        {
            return subJob;
        }

        subJob.SendToErp(_erp, _sender, Step());
        switch (_state)
        {
            case SubJobState.ReadyToExport:
                break;
            case SubJobState.Retrieved:
                subJob.RetrieveFromErp(_sender, Step());
                break;
            case SubJobState.Rejected:
                subJob.Reject("Wrong building number", _approver, Step());
                break;
            case SubJobState.Exporting:
                subJob.Accept(_erpJobId, _approver, Step());
                break;
            case SubJobState.Synced:
                subJob.Accept(_erpJobId, _approver, Step());
                subJob.MarkExported("REC-1", Step());
                break;
            case SubJobState.FailedToExport:
                subJob.Accept(_erpJobId, _approver, Step());
                subJob.MarkExportFailed("Job J-1001 is closed", Step());
                break;
            default:
                throw new InvalidOperationException($"No path to {_state}.");
        }

        subJob.State.ShouldBe(_state);
        return subJob;
    }

    private DateTime Step()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _time.GetUtcNow().UtcDateTime;
    }
}
