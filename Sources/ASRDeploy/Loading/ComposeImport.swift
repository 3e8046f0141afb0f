import Yams

/// Reads a Docker Compose file (such as the fork's `docker-compose.yml`) as settings: the ASR
/// service (`xiaozhi-esp32-server`) and the Redis service map onto container and Redis
/// settings; everything else is reported as having no effect on the ASR deployment.
enum ComposeImport {
    static let asrService = "xiaozhi-esp32-server"
    static let redisService = "xiaozhi-esp32-server-redis"

    private static let rendersOwn = "asrctl renders this itself for the ASR deployment"

    private static func resources(_ prefix: String) -> KeyRule {
        .section(
            [
                "resources": .section([
                    "limits": .section(["cpus": .setting("\(prefix).cpus_limit"), "memory": .setting("\(prefix).memory_limit")]),
                    "reservations": .section(["cpus": .setting("\(prefix).cpus_reservation"), "memory": .setting("\(prefix).memory_reservation")]),
                ])
            ],
            other: .noEffect("only deploy.resources is rendered; Compose ignores the rest outside Swarm mode")
        )
    }

    private static func ulimit(_ name: String) -> KeyRule {
        .custom { walker, node, path in
            if node.scalar != nil {
                walker.assign("container.ulimit_\(name)_soft", node: node, path: path)
                walker.assign("container.ulimit_\(name)_hard", node: node, path: path)
            } else {
                walker.walk(
                    node,
                    rule: .section([
                        "soft": .setting("container.ulimit_\(name)_soft"),
                        "hard": .setting("container.ulimit_\(name)_hard"),
                    ]),
                    path: path
                )
            }
        }
    }

    static let asrServiceRule: KeyRule = .section(
        [
            "environment": .environment,
            "deploy": resources("container"),
            "cpuset": .setting("container.cpuset"),
            "cpu_shares": .setting("container.cpu_shares"),
            "mem_swappiness": .setting("container.mem_swappiness"),
            "shm_size": .setting("container.shm_size"),
            "restart": .setting("container.restart"),
            "security_opt": .custom(securityOptions),
            "ulimits": .section(["nofile": ulimit("nofile"), "memlock": ulimit("memlock"), "nproc": ulimit("nproc")]),
            "volumes": .custom(volumes),
            "healthcheck": ProfileSchema.healthcheck("container"),
            "image": .noEffect("the ASR service runs asrctl's runtime image (container.image), not this one"),
            "ports": .noEffect("the ASR API listens on 8001 in its container; asrctl publishes that on ASR_PORT"),
        ],
        other: .noEffect(rendersOwn)
    )

    static let redisServiceRule: KeyRule = .section(
        [
            "image": .setting("redis.image"),
            "command": .custom(redisCommand),
            "deploy": resources("redis"),
            "cpuset": .setting("redis.cpuset"),
        ],
        other: .noEffect(rendersOwn)
    )

    /// Redis command-line flags that map onto settings.
    static let redisFlags: [String: String] = [
        "maxmemory": "redis.maxmemory",
        "maxmemory-policy": "redis.maxmemory_policy",
        "hash-max-ziplist-entries": "redis.hash_max_ziplist_entries",
        "hash-max-ziplist-value": "redis.hash_max_ziplist_value",
        "list-max-ziplist-size": "redis.list_max_ziplist_size",
        "set-max-intset-entries": "redis.set_max_intset_entries",
    ]

    @Sendable static func services(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        walker.walk(
            node,
            rule: .section(
                [
                    asrService: asrServiceRule,
                    redisService: redisServiceRule,
                ],
                other: .ignored("not part of the ASR deployment; asrctl renders only the ASR service and its Redis")
            ),
            path: path
        )
    }

    @Sendable static func networks(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        walker.walk(
            node,
            rule: .section(
                [
                    "default": .section(
                        [
                            "driver": .setting("network.driver"),
                            "driver_opts": .section(
                                ["com.docker.network.driver.mtu": .setting("network.mtu")],
                                other: .noEffect(rendersOwn)
                            ),
                        ],
                        other: .noEffect(rendersOwn)
                    )
                ],
                other: .noEffect(rendersOwn)
            ),
            path: path
        )
    }

    /// `security_opt: ["seccomp:unconfined"]`.
    @Sendable static func securityOptions(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        guard let items = node.sequence else {
            walker.report(.error, node, path, "expected a list, found \(DocumentWalker.describe(node))")
            return
        }
        for item in items {
            let text = item.string ?? ""
            if text.hasPrefix("seccomp:") || text.hasPrefix("seccomp=") {
                walker.assign("container.seccomp", raw: String(text.dropFirst("seccomp:".count)), node: item, path: path)
            } else {
                walker.report(.noEffect, item, path, "\(text): only the seccomp option is rendered")
            }
        }
    }

    /// Volumes: a tmpfs entry maps onto the tmpfs settings; mounts of the Python server's data and models do not apply.
    @Sendable static func volumes(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        guard let items = node.sequence else {
            walker.report(.error, node, path, "expected a list, found \(DocumentWalker.describe(node))")
            return
        }
        for item in items {
            if let mapping = item.mapping, mapping["type"]?.string == "tmpfs" {
                if let target = mapping["target"] { walker.assign("container.tmpfs_mount", node: target, path: path + ["target"]) }
                if let size = mapping["tmpfs"]?.mapping?["size"] {
                    walker.assign("container.tmpfs_size", node: size, path: path + ["tmpfs", "size"])
                }
            } else {
                walker.report(.noEffect, item, path, "\(item.string ?? "volume"): the ASR runtime needs no mounted data or model files")
            }
        }
    }

    /// `command: redis-server --maxmemory 512mb ...` as a folded string or a list.
    @Sendable static func redisCommand(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        let words: [String]
        if let text = node.string {
            words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        } else if let sequence = node.sequence {
            words = sequence.compactMap(\.string)
        } else {
            walker.report(.error, node, path, "expected a command line, found \(DocumentWalker.describe(node))")
            return
        }
        var index = words.first == "redis-server" ? 1 : 0
        while index < words.count {
            let word = words[index]
            guard word.hasPrefix("--") else {
                walker.report(.warning, node, path, "unexpected word '\(word)' in the Redis command line")
                index += 1
                continue
            }
            let flag = String(word.dropFirst(2))
            var values: [String] = []
            index += 1
            while index < words.count, !words[index].hasPrefix("--") || Int(words[index]) != nil {
                values.append(words[index])
                index += 1
            }
            if let id = redisFlags[flag] {
                walker.assign(id, raw: values.joined(separator: " "), node: node, path: path + [flag])
            } else if flag == "protected-mode" {
                // asrctl renders `--protected-mode no` itself (see ComposeRenderer).
                if values != ["no"] {
                    walker.report(
                        .noEffect,
                        node,
                        path + [flag],
                        "asrctl always renders --protected-mode no: the runtime reaches Redis over the Compose network, which publishes no Redis port"
                    )
                }
            } else {
                walker.report(
                    .noEffect,
                    node,
                    path + [flag],
                    "asrctl renders only maxmemory, maxmemory-policy and the compact-encoding flags for Redis"
                )
            }
        }
    }
}
