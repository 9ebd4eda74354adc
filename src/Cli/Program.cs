using System.Text;
using GraderHub.Cli;

// Buffered standard streams: Console.Out flushes on every write, which costs more than grading a line.
using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
var code = CliApp.Run(args, stdin, stdout, Console.Error);
stdout.Flush();
return code;
