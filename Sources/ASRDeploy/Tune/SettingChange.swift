/// One setting a preset changes: its value before and after, and where the new value comes from.
public struct SettingChange: Sendable, Equatable {
    public let id: String
    public let old: SettingValue?
    public let new: SettingValue?
    public let newSource: ConfigSource

    /// `ASR_WORKER_THREADS: 4 → 6`.
    public var line: String {
        "\(id): \(old?.description ?? "unset") → \(new?.description ?? "unset")"
    }
}
