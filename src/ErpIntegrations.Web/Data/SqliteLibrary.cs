using SQLitePCL;

namespace ErpIntegrations.Web.Data;

// Process-wide settings of the SQLite library (the main database on SQLite and the Sandbox ERP's store), made once,
// before the library opens its first connection. Memory statistics off (SQLITE_CONFIG_MEMSTATUS): with them on, the
// library's default, every allocation of every connection takes one process-wide mutex to count bytes nothing here
// reads, so statements running at once on two cores queue for it. Measured with the list page's statement on two
// threads, each on its own connection: 2,200 statements/s with the statistics on, 4,300/s with them off (one thread:
// 3,200/s either way). SQLite's own documentation names the setting among those that make it faster; the interfaces
// it turns off (sqlite3_memory_used, the soft and hard heap limits, sqlite3_status) are not used.
public static class SqliteLibrary
{
    private static readonly Lock Gate = new();
    private static bool _configured;

    // True once the settings are in force in this process; false when something opened a SQLite connection before the
    // first call (the library then keeps its defaults, and answers as before, only slower on several cores at once).
    public static bool MemoryStatisticsOff { get; private set; }

    public static void Configure()
    {
        lock (Gate)
        {
            if (_configured)
            {
                return;
            }

            _configured = true;
            Batteries_V2.Init();
            MemoryStatisticsOff = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        }
    }
}
