using EdgeGen.Ir;

namespace EdgeGen.Emit;

/// <summary>An emitter of one operator kind for one language.</summary>
public interface IOperatorEmitter
{
    Type OperatorType { get; }
}

/// <summary>
/// The emitters of one language (every non-abstract <typeparamref name="TEmitter"/> in this assembly,
/// one file per operator kind), found by operator type.
/// </summary>
public sealed class EmitterRegistry<TEmitter> where TEmitter : class, IOperatorEmitter
{
    private readonly Dictionary<Type, TEmitter> _emitters;
    private readonly string _language;

    public EmitterRegistry(string language)
    {
        _language = language;
        _emitters = typeof(EmitterRegistry<>).Assembly
            .GetTypes()
            .Where(t => typeof(TEmitter).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (TEmitter)Activator.CreateInstance(t)!)
            .ToDictionary(e => e.OperatorType);
    }

    public IEnumerable<Type> OperatorTypes => _emitters.Keys;

    public TEmitter For(Operator op, int index) => _emitters.TryGetValue(op.GetType(), out var e)
        ? e
        : throw new EdgeGenException($"operator #{index} {op.Kind}: the {_language} generator has no kernel for it yet");

    /// <summary>Lists every operator the generator cannot emit, in one message, like a compiler listing all errors.</summary>
    public void CheckSupported(Graph graph)
    {
        var missing = graph.Operators.Select((op, i) => (op, i)).Where(x => !_emitters.ContainsKey(x.op.GetType())).ToList();
        if (missing.Count > 0)
            throw new EdgeGenException($"model '{graph.Name}': the {_language} generator does not support {string.Join(", ", missing.Select(x => $"#{x.i} {x.op.Kind}"))}");
    }
}
