import Synchronization

/// Whether a simulated device's admission is already counted — its session got past the hello,
/// or it was counted refused — readable after the connection ends, so no device counts twice.
final class SessionFlag: Sendable {
    private let state = Atomic<Bool>(false)

    var value: Bool {
        get { state.load(ordering: .acquiring) }
        set { state.store(newValue, ordering: .releasing) }
    }
}
