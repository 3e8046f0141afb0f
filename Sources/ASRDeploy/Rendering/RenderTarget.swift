/// What `asrctl render` can produce.
public enum RenderTarget: String, Sendable, CaseIterable {
    case compose
    case redis
    case env
    case all

    /// The file name each target writes.
    public static let fileNames: [RenderTarget: String] = [
        .compose: "docker-compose.yml",
        .redis: "redis-server.args",
        .env: "asr.env",
    ]
}
