// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "asrctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "asrctl", targets: ["asrctl"]),
        .library(name: "ASRDeploy", targets: ["ASRDeploy"]),
        .library(name: "ASRRuntime", targets: ["ASRRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
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

        // SHA-256 from the system's libcrypto: compiling swift-crypto's own BoringSSL for one hash
        // cost minutes of every clean build.
        .target(name: "Digests", dependencies: ["CLibCrypto"]),

        // The embedded ASR service: knob table, engine, scheduler, cache, API.
        .target(
            name: "ASRRuntime",
            dependencies: [
                "CPocketSphinx",
                "CHiredis",
                "COpus",
                "Digests",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ]
        ),

        // Profiles, presets, validation, renderers, host checks, backup.
        .target(
            name: "ASRDeploy",
            dependencies: [
                "ASRRuntime",
                "Digests",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),

        // The command-line tool: one file per subcommand, thin.
        .executableTarget(
            name: "asrctl",
            dependencies: [
                "ASRDeploy",
                "ASRRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Helpers shared by the test targets: real redis-server processes, free ports, repo paths.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "ASRRuntimeTests",
            dependencies: [
                "ASRRuntime",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ]
        ),
        .testTarget(
            name: "ASRDeployTests",
            dependencies: ["ASRDeploy", "Digests", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "asrctlTests",
            dependencies: ["asrctl", "ASRDeploy", "ASRRuntime", "TestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
