/// A Docker Compose file (Compose Specification, no `version:` key), encoded with sorted keys.
struct ComposeFile: Encodable, Equatable {
    var services: [String: ComposeService]
    var networks: [String: ComposeNetwork]?
    /// Files Compose mounts at `/run/secrets/<name>` in the services that list them.
    var secrets: [String: ComposeSecret]?
    /// Named volumes the services mount (the engine's model cache).
    var volumes: [String: ComposeNamedVolume]? = nil
}
