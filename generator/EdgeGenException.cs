namespace EdgeGen;

/// <summary>
/// The one error type for problems a user can cause (bad file, unsupported operator, a model that
/// does not fit, a missing tool). The CLI prints its message as one line and exits non-zero; any
/// other exception type escaping the pipeline is a bug in EdgeGen.
/// </summary>
public sealed class EdgeGenException : Exception
{
    public EdgeGenException(string message) : base(message) { }
    public EdgeGenException(string message, Exception inner) : base(message, inner) { }
}
