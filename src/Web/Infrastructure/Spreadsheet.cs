using CsvHelper;

namespace GraderHub.Web.Infrastructure;

// Every CSV the site writes (gradebooks, a student's own record, the exam log) is opened by
// staff in a spreadsheet, and its names, answers, reasons and feedback were typed by students
// or sent by an LMS. A text cell that starts like a formula (= + - @, tab, CR) is written with
// CsvHelper's injection escape, a leading ', so the spreadsheet reads it as text instead of
// running it (OWASP's advice). An answer "-2x" is written "'-2x"; numbers written as numbers
// are untouched.
public static class Spreadsheet
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static CsvWriter Writer(TextWriter text) => CsvWriter.Create(text, Options, leaveOpen: true);
}
