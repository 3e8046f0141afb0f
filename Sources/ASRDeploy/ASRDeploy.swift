/// ASRDeploy: profiles, presets, validation, renderers, host checks and backup for `asrctl`.
public enum ASRDeploy {
    /// The version printed by `asrctl --version`.
    public static let version = "0.1.0"
}
