import Foundation

/// One of `engine_service.volumes`: `SOURCE:TARGET[:ro|rw]` as Compose's short syntax writes it
/// (`engine-models:/home/ubuntu/.cache/huggingface/hub`, `/srv/models:/models:ro`), or a bare
/// `TARGET` for an anonymous volume.
package struct EngineServiceMount: Sendable, Equatable {
    /// A named volume, a host path (starting with `/`, `.` or `~`), or nil for an anonymous volume.
    package let source: String?
    /// Where it is mounted in the engine's container: an absolute path.
    package let target: String
    package let readOnly: Bool

    /// nil when `text` is not `SOURCE:TARGET[:ro|rw]` with an absolute target and, for a named
    /// volume, a name Docker accepts.
    package init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: (source, target, readOnly) = (nil, parts[0], false)
        case 2: (source, target, readOnly) = (parts[0], parts[1], false)
        case 3 where ["ro", "rw"].contains(parts[2]): (source, target, readOnly) = (parts[0], parts[1], parts[2] == "ro")
        default: return nil
        }
        guard target.hasPrefix("/") else { return nil }
        if let source {
            guard !source.isEmpty else { return nil }
            if !isHostPath, source.range(of: #"^[A-Za-z0-9][A-Za-z0-9_.-]*$"#, options: .regularExpression) == nil { return nil }
        }
    }

    /// Whether the source is a path on the host (a bind mount) rather than a volume's name.
    package var isHostPath: Bool {
        guard let first = source?.first else { return false }
        return first == "/" || first == "." || first == "~"
    }

    /// The named volume Compose must declare, if this mount uses one.
    package var volumeName: String? { isHostPath ? nil : source }
}
