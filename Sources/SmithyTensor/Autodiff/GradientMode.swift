/// Whether ops record the graph that `backward()` needs.
///
/// Recording is on by default; inference code wraps itself in `withoutGradients` so that no
/// graph is kept and intermediate results are freed as soon as they are no longer used.
public enum GradientMode {
    @TaskLocal static var recording = true

    /// Whether ops currently record gradients.
    public static var isEnabled: Bool { recording }

    /// Runs `body` without recording gradients (PyTorch's `torch.no_grad()`).
    public static func withoutGradients<T>(_ body: () throws -> T) rethrows -> T {
        try $recording.withValue(false, operation: body)
    }
}
