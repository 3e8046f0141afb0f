import Synchronization

/// Whether a simulated device's session got past the hello, readable after the connection ends.
final class SessionFlag: Sendable {
    private let state = Atomic<Bool>(false)

    var value: Bool {
        get { state.load(ordering: .acquiring) }
        set { state.store(newValue, ordering: .releasing) }
    }
}
