import Foundation

extension ImageRecipe {
    /// A Redis image from this host's `redis-server` and `redis-cli` (Debian 12: Redis 7.0), for
    /// hosts that cannot pull `redis.image` (redis:7-alpine) from a registry. The rendered
    /// Compose service runs `redis-server` with its own flags and health-checks it with
    /// `redis-cli ping`, so both are on the image's PATH; the default command turns protected
    /// mode off as the official image does, because Redis is reached over the Compose network.
    public static func redis(tag: String) throws -> ImageRecipe {
        ImageRecipe(
            tag: tag,
            files: [
                try ImageFile.program("redis-server", package: "redis-server"),
                try ImageFile.program("redis-cli", package: "redis-tools"),
            ],
            directories: baseDirectories.merging(["/data": 0o755]) { $1 },
            command: ["redis-server", "--protected-mode", "no"],
            exposedPorts: [6379],
            workingDirectory: "/data"
        )
    }
}
