import ASRDeploy
import Foundation
import TestSupport
import Testing

/// The runtime image `asrctl image build` assembles: what goes in, and the image configuration
/// `docker import` applies. (The import itself runs against a real engine in ComposeEngineTests.)
@Suite struct ImageRecipeTests {
    @Test func lddOutputGivesLibrariesTheLoaderAndWhatIsMissing() {
        let output = """
            \tlinux-vdso.so.1 (0x00007ffd5b3f2000)
            \tlibpocketsphinx.so.3 => /lib/x86_64-linux-gnu/libpocketsphinx.so.3 (0x00007f9a1fe11000)
            \tlibswiftCore.so => /opt/swift/usr/lib/swift/linux/libswiftCore.so (0x00007f9a1d200000)
            \tlibgone.so.1 => not found
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f9a1fe70000)
            """
        let parsed = SharedLibraryClosure.parse(lddOutput: output)
        #expect(
            parsed.paths == [
                "/lib/x86_64-linux-gnu/libpocketsphinx.so.3", "/opt/swift/usr/lib/swift/linux/libswiftCore.so", "/lib64/ld-linux-x86-64.so.2",
            ]
        )
        #expect(parsed.missing == ["libgone.so.1"])
        let closure = SharedLibraryClosure(libraries: parsed.paths + parsed.paths)
        #expect(closure.libraries.count == 3)
        #expect(closure.directories == ["/lib/x86_64-linux-gnu", "/lib64", "/opt/swift/usr/lib/swift/linux"])
    }

    @Test func theRealBinaryClosureHasTheSwiftRuntimeAndTheEngine() throws {
        let closure = try SharedLibraryClosure.of([RepositoryPaths.asrctlBinary])
        #expect(closure.libraries.contains { $0.hasSuffix("/libswiftCore.so") })
        #expect(closure.libraries.contains { $0.contains("libpocketsphinx.so") })
        #expect(closure.libraries.contains { $0.contains("ld-linux") })
    }

    @Test func runtimeImageMatchesTheRenderedComposeService() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(set: ["ASR_PORT=8123"])
        let recipe = try ImageRecipe.runtime(configuration: config, binary: RepositoryPaths.asrctlBinary)
        #expect(recipe.tag == "asrctl-runtime:latest")
        // Compose runs `asrctl serve` from PATH and health-checks it with curl.
        #expect(recipe.command == ["asrctl", "serve"])
        #expect(recipe.files.contains { $0.destination == "/usr/local/bin/asrctl" && $0.needsLibraries })
        #expect(recipe.files.contains { $0.destination == "/usr/bin/curl" && $0.needsLibraries })
        #expect(recipe.files.contains { $0.destination == "/usr/share/pocketsphinx/model/en-us" })
        #expect(recipe.directories["/tmp"] == 0o1777)
        let changes = try recipe.importChanges(libraryPath: ["/lib/x86_64-linux-gnu", "/opt/swift/usr/lib/swift/linux"])
        #expect(changes.first == #"CMD ["asrctl","serve"]"#)
        #expect(changes.contains("ENV LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/opt/swift/usr/lib/swift/linux"))
        #expect(changes.contains("ENV PATH=/usr/local/bin:/usr/bin:/bin"))
        // The container port is the guide's 8001 whatever ASR_PORT is; Compose publishes it there.
        #expect(changes.contains("ENV ASR_PORT=8001"))
        #expect(changes.contains("EXPOSE 8001/tcp"))
        #expect(changes.last == "WORKDIR /")

        let custom = try ImageRecipe.runtime(configuration: config, binary: RepositoryPaths.asrctlBinary, tag: "registry.example/asr:1")
        #expect(custom.tag == "registry.example/asr:1")
    }

    @Test func theImageCarriesWhatTheHealthCheckRuns() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let shell = try ImageRecipe.runtime(
            configuration: ws.load(set: ["container.healthcheck_test=CMD-SHELL curl -f localhost:8001/health"]),
            binary: RepositoryPaths.asrctlBinary
        )
        #expect(shell.files.contains { $0.destination == "/bin/sh" })
        let own = try ImageRecipe.runtime(
            configuration: ws.load(set: ["container.healthcheck_test=CMD asrctl status"]),
            binary: RepositoryPaths.asrctlBinary
        )
        #expect(own.files.count == 2)
        #expect(throws: ImageBuildError.self) {
            try ImageRecipe.runtime(
                configuration: ws.load(set: ["container.healthcheck_test=CMD no-such-probe"]),
                binary: RepositoryPaths.asrctlBinary
            )
        }
    }

    @Test func missingModelOrBinaryIsSaidClearly() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let noModel = #expect(throws: ImageBuildError.self) {
            try ImageRecipe.runtime(configuration: ws.load(set: ["ASR_MODEL_DIR=/nonexistent/model"]), binary: RepositoryPaths.asrctlBinary)
        }
        #expect(noModel?.description.contains("pocketsphinx-en-us") == true)
        let noBinary = #expect(throws: ImageBuildError.self) {
            try ImageRecipe.runtime(configuration: ws.load(), binary: URL(fileURLWithPath: "/nonexistent/asrctl"))
        }
        #expect(noBinary?.description.contains("make release") == true)
    }

    @Test func redisImageRunsTheComposeServicesCommands() throws {
        let recipe = try ImageRecipe.redis(tag: "asrctl-redis:7")
        #expect(Set(recipe.files.map(\.destination)) == ["/usr/bin/redis-server", "/usr/bin/redis-cli"])
        #expect(recipe.command == ["redis-server", "--protected-mode", "no"])
        #expect(try recipe.importChanges(libraryPath: []).contains("EXPOSE 6379/tcp"))
    }
}
