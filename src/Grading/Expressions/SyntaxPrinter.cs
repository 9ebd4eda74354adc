using System.Diagnostics;
using System.Text;

namespace GraderHub.Grading.Expressions;

// Prints the syntax tree as the student's expression was read: explicit operators, every function
// argument in brackets, implicit readings (1/2x, sin x^2) made visible.
public static class SyntaxPrinter
{
    public static string ToText(SyntaxNode node)
    {
        var sb = new StringBuilder();
        Text(node, sb);
        return sb.ToString();
    }

    public static string ToLatex(SyntaxNode node)
    {
        var sb = new StringBuilder();
        Latex(node, sb);
        return sb.ToString();
    }

    private static void Text(SyntaxNode node, StringBuilder sb)
    {
        switch (node)
        {
            case NumberSyntax n:
                sb.Append(n.Text);
                break;
            case NameSyntax n:
                sb.Append(n.Name);
                break;
            case NegateSyntax n:
                sb.Append('-');
                Text(n.Operand, sb);
                break;
            case BinarySyntax b:
                Text(b.Left, sb);
                sb.Append(b.Operator switch
                {
                    BinaryOperator.Add => " + ",
                    BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply or BinaryOperator.ImplicitMultiply => "*",
                    BinaryOperator.Divide => "/",
                    BinaryOperator.Power => "^",
                });
                Text(b.Right, sb);
                break;
            case CallSyntax c:
                sb.Append(ExprPrinter.FunctionName(c.Function)).Append('(');
                Text(Ungroup(c.Argument), sb);
                sb.Append(')');
                if (c.Power is not null)
                {
                    sb.Append('^');
                    Text(c.Power, sb);
                }
                break;
            case AbsSyntax a:
                sb.Append("abs(");
                Text(a.Argument, sb);
                sb.Append(')');
                break;
            case GroupSyntax g:
                sb.Append('(');
                Text(g.Inner, sb);
                sb.Append(')');
                break;
            default:
                throw new UnreachableException();
        }
    }

    private static SyntaxNode Ungroup(SyntaxNode node) => node is GroupSyntax g ? Ungroup(g.Inner) : node;

    private static void Latex(SyntaxNode node, StringBuilder sb)
    {
        switch (node)
        {
            case NumberSyntax n:
                sb.Append(n.Text);
                break;
            case NameSyntax { Kind: NameKind.Constant } n:
                sb.Append(n.Name == "pi" ? "\\pi" : "e");
                break;
            case NameSyntax n:
                sb.Append(ExprPrinter.LatexName(n.Name));
                break;
            case NegateSyntax n:
                sb.Append('-');
                Latex(n.Operand, sb);
                break;
            case BinarySyntax { Operator: BinaryOperator.Divide } b:
                sb.Append("\\frac{");
                Latex(Ungroup(b.Left), sb);
                sb.Append("}{");
                Latex(Ungroup(b.Right), sb);
                sb.Append('}');
                break;
            case BinarySyntax { Operator: BinaryOperator.Power } b:
                if (b.Left is NameSyntax or NumberSyntax)
                {
                    Latex(b.Left, sb);
                    sb.Append("^{");
                }
                else
                {
                    sb.Append('{');
                    Latex(b.Left, sb);
                    sb.Append("}^{");
                }
                Latex(Ungroup(b.Right), sb);
                sb.Append('}');
                break;
            case BinarySyntax b:
                Latex(b.Left, sb);
                sb.Append(b.Operator switch
                {
                    BinaryOperator.Add => " + ",
                    BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply => " \\cdot ",
                    BinaryOperator.ImplicitMultiply => " ",
                    // Division and powers are laid out above (\frac, superscripts).
                    BinaryOperator.Divide or BinaryOperator.Power => throw new UnreachableException(),
                });
                Latex(b.Right, sb);
                break;
            case CallSyntax { Function: FunctionKind.Sqrt, Power: null } c:
                sb.Append("\\sqrt{");
                Latex(Ungroup(c.Argument), sb);
                sb.Append('}');
                break;
            case CallSyntax c:
                sb.Append(ExprPrinter.LatexFunctionName(c.Function));
                if (c.Power is not null)
                {
                    sb.Append("^{");
                    Latex(c.Power, sb);
                    sb.Append('}');
                }
                sb.Append("\\left(");
                Latex(Ungroup(c.Argument), sb);
                sb.Append("\\right)");
                break;
            case AbsSyntax a:
                sb.Append("\\left|");
                Latex(a.Argument, sb);
                sb.Append("\\right|");
                break;
            case GroupSyntax g:
                sb.Append("\\left(");
                Latex(g.Inner, sb);
                sb.Append("\\right)");
                break;
            default:
                throw new UnreachableException();
        }
    }
}
