import ASRContracts

/// One setting a preset changes: its value before and after, and where the new value comes from.
package struct SettingChange: Sendable, Equatable {
    package let id: String
    package let old: SettingValue?
    package let new: SettingValue?
    package let newSource: ConfigSource

    /// `ASR_WORKER_THREADS: 4 → 6`.
    package var line: String {
        "\(id): \(old?.description ?? "unset") → \(new?.description ?? "unset")"
    }
}
