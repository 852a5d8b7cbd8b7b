using System.ComponentModel;

namespace Tutor.App.Tools.Results;

public sealed record CourseOutlineResult(
    string Course,
    string Summary,
    [property: Description("The units asked for, each with its sections, in course order.")] IReadOnlyList<UnitOutline> Units,
    [property: Description("Every unit's id, for filtering with `unit`.")] IReadOnlyList<string> UnitIds,
    [property: Description("How many sections the whole course has.")] int SectionCount,
    string Reminder);
