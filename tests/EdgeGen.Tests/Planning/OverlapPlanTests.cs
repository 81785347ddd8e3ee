using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Planning;

/// <summary>The planner places an output a given lead before its dying input, and never where that would be wrong.</summary>
public class OverlapPlanTests
{
    /// <summary>input → op → a → op → m → op → output; the middle operator is the one that may overlap.</summary>
    private static (Graph Graph, int A, int M) Chain(bool inPlaceOps)
    {
        var b = new KernelGraphBuilder("overlap_plan");
        var shape = new Shape(1, 4, 4, 16);
        var x = b.Input(shape, 0.1f, 0);
        var a = b.Activation(shape, 0.1f, 0);
        var m = b.Activation(shape, 0.1f, 0);
        var y = b.Activation(shape, 0.1f, 0);
        foreach (var (from, to) in new[] { (x, a), (a, m), (m, y) })
            b.Op(inPlaceOps
                ? new LeakyRelu(ImmutableArray.Create(from), ImmutableArray.Create(to), 0.5f)
                : new Conv2D(ImmutableArray.Create(from, b.Weights(new Shape(16, 1, 1, 16), 0, true), b.Bias(16)), ImmutableArray.Create(to),
                    new Window2D(Padding.Valid, 1, 1, 1, 1), Activation.None));
        b.Output(y);
        return (b.Build(), a, m);
    }

    [Fact]
    public void The_output_starts_the_lead_before_the_input()
    {
        var (graph, a, m) = Chain(inPlaceOps: false);
        var plan = MemoryPlanner.Plan(graph, _ => 0, outputLead: i => i == 1 ? 32 : null);
        Assert.Equal(plan[a].Offset - 32, plan[m].Offset);
        Assert.Equal(256 + 32, plan.ArenaBytes);
    }

    [Fact]
    public void No_overlap_without_a_lead_or_without_in_place()
    {
        var (graph, a, m) = Chain(inPlaceOps: false);
        Assert.Equal(512, MemoryPlanner.Plan(graph, _ => 0, allowInPlace: false, outputLead: i => i == 1 ? 32 : null).ArenaBytes);
        var plan = MemoryPlanner.Plan(graph, _ => 0, outputLead: _ => null);
        Assert.NotEqual(plan[a].Offset, plan[m].Offset);
        Assert.Equal(512, plan.ArenaBytes);
    }

    /// <summary>
    /// With in-place operators every tensor after the input joins the caller's output buffer: such a group is never
    /// displaced (the caller's buffer holds exactly one tensor, at offset 0).
    /// </summary>
    [Fact]
    public void A_group_in_the_callers_buffer_is_never_overlapped()
    {
        var (graph, a, m) = Chain(inPlaceOps: true);
        var plan = MemoryPlanner.Plan(graph, _ => 0, outputLead: i => i == 1 ? 32 : null);
        Assert.Equal(TensorStorage.Output(0), plan[a]);
        Assert.Equal(TensorStorage.Output(0), plan[m]);
        Assert.Equal(0, plan.ArenaBytes);
    }
}
