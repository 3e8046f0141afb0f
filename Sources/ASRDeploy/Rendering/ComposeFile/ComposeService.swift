/// One Compose service, with the fields the guide's deployment uses.
struct ComposeService: Encodable, Equatable {
    var image: String
    var containerName: String?
    var command: [String]?
    var restart: String?
    var ports: [String]?
    var expose: [String]?
    var environment: [String: String]?
    /// Files of `NAME=value` lines Compose reads into the environment when it starts the container.
    var envFile: [String]? = nil
    var dependsOn: ComposeDependencies?
    var deploy: ComposeDeploy?
    var cpuset: String?
    var cpuShares: Int?
    var memSwappiness: Int?
    var shmSize: String?
    var securityOpt: [String]?
    var ulimits: [String: ComposeUlimit]?
    var volumes: [ComposeVolume]?
    var healthcheck: ComposeHealthcheck?
    var logging: ComposeLogging?
    /// Top-level secrets this service reads (`/run/secrets/<name>`).
    var secrets: [String]? = nil

    enum CodingKeys: String, CodingKey {
        case image, command, restart, ports, expose, environment, deploy, cpuset, volumes, healthcheck, logging, ulimits, secrets
        case containerName = "container_name"
        case envFile = "env_file"
        case dependsOn = "depends_on"
        case cpuShares = "cpu_shares"
        case memSwappiness = "mem_swappiness"
        case shmSize = "shm_size"
        case securityOpt = "security_opt"
    }
}
