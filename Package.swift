// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "asrctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "asrctl", targets: ["asrctl"]),
        .library(name: "ASRContracts", targets: ["ASRContracts"]),
        .library(name: "ASRRuntime", targets: ["ASRRuntime"]),
        .library(name: "ASRDeploy", targets: ["ASRDeploy"]),
        .library(name: "ASRLoad", targets: ["ASRLoad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Without its default ConfigurationSupport trait, which compiles swift-configuration for
        // nothing asrctl uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C libraries, wrapped as GRDB wraps SQLite: a module map + shim header each.
        .systemLibrary(
            name: "CPocketSphinx",
            pkgConfig: "pocketsphinx",
            providers: [.apt(["libpocketsphinx-dev", "pocketsphinx-en-us"])]
        ),

        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),

        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        .systemLibrary(
            name: "COpus",
            pkgConfig: "opus",
            providers: [.apt(["libopus-dev"])]
        ),

        // jemalloc as the process's malloc: PocketSphinx decoders are hundreds of thousands of
        // small blocks, which cost glibc ~6 MB more per decoder (see ProcessMemory.swift).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),

        // SHA-256 from the system's libcrypto: compiling swift-crypto's own BoringSSL for one hash
        // cost minutes of every clean build.
        .target(name: "Digests", dependencies: ["CLibCrypto"]),

        // What both sides agree on, Foundation only: settings and the runtime's table of them, the
        // runtime's configuration, the HTTP and device-stream wire types, word error rate.
        .target(name: "ASRContracts"),

        // The ASR service `asrctl serve` runs: API → service (admission, cache, scheduling) → engine.
        .target(
            name: "ASRRuntime",
            dependencies: [
                "ASRContracts",
                "CPocketSphinx",
                "CHiredis",
                "COpus",
                "CJemalloc",
                "Digests",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        // Operating a deployment: profiles, presets, validation, rendering, host checks, Compose and
        // embedded deployments, monitoring, backup. Needs no engine, C library, NIO or Hummingbird.
        .target(
            name: "ASRDeploy",
            dependencies: [
                "ASRContracts",
                "Digests",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // Load generation against a running runtime: benchmarks, simulated devices (stress), the
        // smoke tests, over one corpus of recorded speech.
        .target(
            name: "ASRLoad",
            dependencies: [
                "ASRContracts",
                "ASRRuntime",
                "ASRDeploy",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The command-line tool: one file per subcommand, thin.
        .executableTarget(
            name: "asrctl",
            dependencies: [
                "ASRContracts",
                "ASRRuntime",
                "ASRDeploy",
                "ASRLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Helpers shared by the test targets: real redis-server processes, free ports, repo paths.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "ASRContractsTests",
            dependencies: ["ASRContracts"]
        ),
        .testTarget(
            name: "ASRRuntimeTests",
            dependencies: [
                "ASRContracts",
                "ASRLoad",
                "ASRRuntime",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ]
        ),
        .testTarget(
            name: "ASRDeployTests",
            dependencies: ["ASRContracts", "ASRDeploy", "Digests", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ASRLoadTests",
            dependencies: ["ASRContracts", "ASRLoad", "TestSupport"]
        ),
        .testTarget(
            name: "asrctlTests",
            dependencies: ["asrctl", "ASRContracts", "ASRRuntime", "ASRDeploy", "ASRLoad", "TestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
