import ASRDeploy
import Foundation
import TestSupport
import Testing

/// What `deploy` checks before it takes a running Compose stack down, and what it says when
/// Docker refuses something (messages as a real engine printed them).
@Suite struct ComposePreflightTests {
    @Test func cpuSettingsTheHostLacksAreCaughtBeforeDocker() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        // The guide's profile (cpuset 0-2, cpus 2.5) on a 2-core host: Docker said
        // "Range of CPUs is from 0.01 to 2.00" only when creating the container.
        let mismatches = ComposeDeployment.hostMismatches(try ws.load(), hostCores: 2)
        #expect(mismatches.map(\.name) == ["cpuset", "cpus-limit"])
        #expect(ComposeDeployment.hostMismatches(try ws.load(), hostCores: 4).isEmpty)
        let fitted = try ws.load(set: ["container.cpuset=0-1", "container.cpus_limit=2"])
        #expect(ComposeDeployment.hostMismatches(fitted, hostCores: 2).isEmpty)
        let text = DeploymentError.hostMismatch(mismatches).description
        #expect(text.contains("left alone"))
        #expect(text.contains("hint:"))
    }

    @Test func imagesAreTheRuntimesAndRedissWhenRedisIsOn() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        #expect(ComposeDeployment.images(try ws.load()) == ["asrctl-runtime:latest", "redis:7-alpine"])
        #expect(ComposeDeployment.images(try ws.load(set: ["redis.enabled=false"])) == ["asrctl-runtime:latest"])
    }

    @Test func dockerErrorsGetAHintNamingTheSetting() throws {
        let rlimit =
            "Cannot start service xiaozhi-esp32-server: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 8: operation not permitted: unknown"
        let hint = try #require(DockerFailureHint.hint(for: rlimit))
        #expect(hint.contains("container.ulimit_memlock_soft"))
        #expect(hint.contains("CAP_SYS_RESOURCE"))
        #expect(DockerFailureHint.hint(for: "error setting rlimit type 7: operation not permitted")?.contains("nofile") == true)
        #expect(
            DockerFailureHint.hint(for: "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available")?.contains("container.cpus_limit")
                == true
        )
        #expect(
            DockerFailureHint.hint(for: #"Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host"#)?.contains(
                "asrctl image build"
            ) == true
        )
        #expect(DockerFailureHint.hint(for: "all good") == nil)
        let error = DeploymentError.commandFailed(command: "docker-compose up -d", status: 1, output: rlimit)
        #expect(error.description.contains("\nhint: "))
    }

    @Test func theDeployedPortComesFromTheDeployedComposeFile() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let directory = ws.directory.file("deploy")
        let deployment = ComposeDeployment(kind: .binary, directory: directory)
        #expect(deployment.deployedPort() == nil)
        _ = try RenderWriter.write(try Renderer.render(.all, ws.load(set: ["ASR_PORT=18123"])), to: directory, workspace: ws.workspace)
        #expect(deployment.deployedPort() == 18123)
    }

    @Test func inspectOutputBecomesContainers() throws {
        let json = """
            [{"Name":"/xiaozhi-esp32-server","RestartCount":0,
              "State":{"Status":"running","ExitCode":0,"Health":{"Status":"healthy","FailingStreak":0}},
              "Config":{"Image":"asrctl-runtime:latest","Labels":{"com.docker.compose.service":"xiaozhi-esp32-server"}}},
             {"Name":"/xiaozhi-esp32-server-redis","RestartCount":2,
              "State":{"Status":"restarting","ExitCode":1},
              "Config":{"Image":"redis:7-alpine","Labels":null}}]
            """
        let containers = try ComposeDeployment.decodeInspect(Data(json.utf8))
        #expect(
            containers[0]
                == ComposeContainer(
                    name: "xiaozhi-esp32-server",
                    service: "xiaozhi-esp32-server",
                    image: "asrctl-runtime:latest",
                    state: "running",
                    health: "healthy",
                    restartCount: 0,
                    exitCode: 0
                )
        )
        #expect(containers[0].isServing)
        #expect(containers[1].health == nil)
        #expect(!containers[1].isServing)
    }
}

/// Compose v1's output as it printed it through a pipe, condensed for `deploy` and `stop`.
@Suite struct ComposeOutputTests {
    @Test func progressLinesAndRepeatedWarningsAreDropped() {
        let raw = """
            The following deploy sub-keys are not supported and have been ignored: resources.reservations.cpus
            The following deploy sub-keys are not supported and have been ignored: resources.reservations.cpus
            Creating network "asrctl_default" with driver "bridge"
            Creating xiaozhi-esp32-server-redis ... 
            Creating xiaozhi-esp32-server-redis ... done
            Creating xiaozhi-esp32-server       ... 
            Creating xiaozhi-esp32-server       ... done
            """
        // As it came through the pipe: CRLF after the progress lines.
        let piped = raw.replacingOccurrences(of: " ... \n", with: " ... \r\n")
        #expect(piped.contains("\r\n"))
        #expect(ComposeDeployment.condensed(piped) == ComposeDeployment.condensed(raw))
        #expect(
            ComposeDeployment.condensed(raw) == """
                The following deploy sub-keys are not supported and have been ignored: resources.reservations.cpus
                Creating network "asrctl_default" with driver "bridge"
                Creating xiaozhi-esp32-server-redis ... done
                Creating xiaozhi-esp32-server       ... done
                """
        )
    }
}
