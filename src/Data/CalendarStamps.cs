namespace GraderHub.Data;

// The triggers that keep CalendarStamp.Version moving (the migration that adds the table runs
// Create; its Down runs Drop). The first version is random, so a database made again at the same
// place does not start with a version a running process has cached schedules for.
public static class CalendarStamps
{
    // Every table a schedule (Schedules, ProblemAccess) is read from.
    public static readonly string[] Tables =
    [
        "ProblemSets", "Problems", "Enrollments", "StudentGroups", "StudentGroupMembers", "ScheduleOverrides", "TimedStarts", "ResultReleases",
    ];

    private static readonly string[] SqliteEvents = ["INSERT", "UPDATE", "DELETE"];

    public static string Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite =>
            "INSERT INTO \"CalendarStamps\" (\"Id\", \"Version\") VALUES (1, abs(random() % 1000000000000));\n"
            + string.Concat(Tables.SelectMany(t => SqliteEvents.Select(e =>
                $"CREATE TRIGGER \"calendar_stamp_{t}_{e.ToLowerInvariant()}\" AFTER {e} ON \"{t}\" "
                + "BEGIN UPDATE \"CalendarStamps\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1; END;\n"))),
        // One bump per statement, not per row: a statement that changes 2,000 rows bumps once.
        DatabaseProvider.PostgreSql =>
            "INSERT INTO \"CalendarStamps\" (\"Id\", \"Version\") VALUES (1, floor(random() * 1000000000000)::bigint);\n"
            + "CREATE FUNCTION calendar_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "UPDATE \"CalendarStamps\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1; RETURN NULL; END $$;\n"
            + string.Concat(Tables.Select(t =>
                $"CREATE TRIGGER calendar_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"{t}\" "
                + "FOR EACH STATEMENT EXECUTE FUNCTION calendar_stamp_bump();\n")),
    };

    public static string Drop(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => string.Concat(Tables.SelectMany(t => SqliteEvents.Select(e =>
            $"DROP TRIGGER IF EXISTS \"calendar_stamp_{t}_{e.ToLowerInvariant()}\";\n"))),
        DatabaseProvider.PostgreSql => string.Concat(Tables.Select(t => $"DROP TRIGGER IF EXISTS calendar_stamp ON \"{t}\";\n"))
            + "DROP FUNCTION IF EXISTS calendar_stamp_bump();\n",
    };
}
