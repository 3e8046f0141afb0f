/// Renders `asr.env`: every `ASR_*` setting and the malloc tuning as `KEY=VALUE` lines, for
/// `asrctl serve`, a systemd `EnvironmentFile=` or `docker run --env-file`.
package enum EnvFileRenderer {
    package static func render(_ config: EffectiveConfiguration) -> String {
        var lines: [String] = []
        for entry in config.entries {
            guard let value = entry.value else { continue }
            if entry.isRuntimeSetting {
                lines.append("# \(entry.setting.doc)")
                lines.append("\(entry.setting.id)=\(value.description)")
            } else if entry.setting.id.hasPrefix("env.") {
                lines.append("# \(entry.setting.doc)")
                lines.append("\(entry.setting.id.dropFirst(4))=\(value.description)")
            }
        }
        return RenderHeader.text(for: config, comment: "#") + lines.joined(separator: "\n") + "\n"
    }
}
