using System.Globalization;
using System.Text;

namespace EdgeGen.Emit;

/// <summary>Text pieces every code renderer shares: exact float literals and rows of constant values.</summary>
public static class SourceText
{
    /// <summary>The shortest text that parses back to exactly this float ("R" format; a ".0" makes it a real literal), without a suffix.</summary>
    public static string RoundTripFloat(float value)
    {
        if (float.IsNaN(value) || float.IsInfinity(value)) throw new EdgeGenException($"cannot emit non-finite constant {value}");
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        return s.Replace("E", "e");
    }

    /// <summary>Comma-separated literals, 16 to a line, each line starting with a newline and <paramref name="indent"/>.</summary>
    public static string Rows<T>(IReadOnlyList<T> values, Func<T, string> literal, string indent)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i % 16 == 0) sb.Append('\n').Append(indent);
            sb.Append(literal(values[i]));
            if (i + 1 < values.Count) sb.Append(i % 16 == 15 ? "," : ", ");
        }
        return sb.ToString();
    }
}
