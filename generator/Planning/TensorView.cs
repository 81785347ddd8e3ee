namespace EdgeGen.Planning;

/// <summary>
/// A tensor stored inside another tensor's buffer at a byte offset: a patch written straight into
/// its place in the whole tensor, or rows of the caller's input read where they are. The planner
/// keeps the parent's buffer alive (and large enough) for every view; whoever declares a view
/// guarantees that the bytes it shares are not needed twice at once.
/// </summary>
public sealed record TensorView(int Parent, int ByteOffset);
