import ASRContracts
import Foundation
import Testing

@testable import ASRDeploy

/// Every `HostChecker` branch, driven by hand-written facts so a 2-core test machine can play a
/// 4-core server, a host without Docker, a busy port, and so on.
@Suite("Host checks")
struct HostCheckTests {
    /// A host that meets every requirement of the guide: 4 cores, 8 GiB, Docker and Compose.
    static let goodHost = HostFacts(
        cpuCores: 4,
        memoryBytes: 8 << 30,
        diskPath: "/srv/asr",
        freeDiskBytes: 100 << 30,
        osName: "Debian GNU/Linux 12 (bookworm)",
        dockerClientVersion: "28.2.2",
        dockerEngineAnswers: true,
        dockerServerVersion: "28.2.2",
        composeVersion: "1.29.2",
        composeKind: .binary,
        pythonVersion: "3.11.2",
        engineLibraryPath: "/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3",
        modelDirectory: "/usr/share/pocketsphinx/model/en-us",
        modelPresent: true,
        port: 8001,
        portFree: true
    )

    /// The guide's configuration with as many workers as pinned CPUs, so nothing warns.
    static var balancedProfile: DeploymentConfiguration {
        var profile = DeploymentConfiguration.defaults
        profile.runtime.workerThreads = 3
        return profile
    }

    func evaluate(
        _ change: (inout HostFacts) -> Void = { _ in },
        profile: DeploymentConfiguration = HostCheckTests.balancedProfile,
        devices: Int? = nil,
        strict: Bool = false
    ) -> HostCheckReport {
        var facts = Self.goodHost
        change(&facts)
        return HostChecker.evaluate(facts: facts, configuration: profile, devices: devices, strict: strict)
    }

    func check(_ name: String, in report: HostCheckReport) throws -> HostCheck {
        try #require(report.check(named: name), "no check named \(name) in \(report.checks.map(\.name))")
    }

    func expectProblem(_ check: HostCheck, _ status: HostCheckStatus, mentions words: [String] = []) {
        #expect(check.status == status, "\(check.name): \(check.detail)")
        #expect(check.hint?.isEmpty == false, "\(check.name) \(status) has no hint")
        for word in words {
            #expect((check.detail + " " + (check.hint ?? "")).contains(word), "\(check.name) does not mention \(word)")
        }
    }

    // MARK: - The whole report

    @Test func goodHostWithBalancedProfilePassesEverything() {
        let report = evaluate()
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks.filter { $0.status != .pass })")
        #expect(report.checks.allSatisfy { $0.hint == nil })
        #expect(report.exitCode == 0)
        let names = report.checks.map(\.name)
        #expect(
            names == [
                "cpu-cores", "memory", "disk", "os", "docker", "docker-engine", "compose", "python",
                "engine-library", "engine-model", "port", "workers", "cpuset", "cpus-limit", "asr-memory-cap",
                "redis-memory", "reservations", "memory-limits", "engine",
            ]
        )
    }

    @Test func guideProfileWarnsThatFourWorkersShareThreePinnedCPUs() throws {
        let report = evaluate(profile: .defaults)
        let workers = try check("workers", in: report)
        expectProblem(workers, .warn, mentions: ["4 decoder threads", "3 usable", "cpuset 0-2", "CPU-bound"])
        #expect(report.checks.filter { $0.status != .pass }.map(\.name) == ["workers"])
        #expect(report.exitCode == 0)
    }

    // MARK: - Exit codes

    @Test func exitCodesFollowTheWorstStatusAndStrictness() {
        let allPass = evaluate()
        #expect(allPass.exitCode == 0)
        #expect(evaluate(strict: true).exitCode == 0)

        let warnOnly = evaluate { $0.pythonVersion = "3.8.10" }
        #expect(warnOnly.worstStatus == .warn)
        #expect(warnOnly.exitCode == 0)
        #expect(evaluate({ $0.pythonVersion = "3.8.10" }, strict: true).exitCode == 1)

        let failing = evaluate { $0.portFree = false }
        #expect(failing.worstStatus == .fail)
        #expect(failing.exitCode == 1)
        #expect(evaluate({ $0.portFree = false }, strict: true).exitCode == 1)
        #expect(HostCheckReport.exitCodeSuccess == 0 && HostCheckReport.exitCodeProblems == 1)
    }

    // MARK: - CPU, memory, disk, OS

    @Test func twoCoresFail() throws {
        let report = evaluate { $0.cpuCores = 2 }
        expectProblem(try check("cpu-cores", in: report), .fail, mentions: ["2 core", "≥ 4"])
        #expect(report.exitCode == 1)
    }

    @Test func fourCoresPass() throws {
        #expect(try check("cpu-cores", in: evaluate()).status == .pass)
    }

    @Test func exactlyEightGiBPasses() throws {
        let memory = try check("memory", in: evaluate { $0.memoryBytes = 8 << 30 })
        #expect(memory.status == .pass)
        #expect(memory.detail.hasPrefix("8 GiB"))
    }

    @Test func sevenAndAHalfGiBFailsWithAHint() throws {
        let memory = try check("memory", in: evaluate { $0.memoryBytes = 15 << 29 })
        expectProblem(memory, .fail, mentions: ["7.5 GiB", "8 GiB", "memory-tight"])
    }

    @Test func justUnderEightGiBWarnsBecauseKernelsReserveSome() throws {
        // MemTotal 8,000,000 kB (7.6 GiB): what /proc/meminfo can show on a nominal 8 GB machine.
        let memory = try check("memory", in: evaluate { $0.memoryBytes = 8_000_000 * 1024 })
        expectProblem(memory, .warn, mentions: ["7.6 GiB", "reserve"])
    }

    @Test func lowDiskFailsAndTwentyGiBPasses() throws {
        let low = try check("disk", in: evaluate { $0.freeDiskBytes = 19 << 30 })
        expectProblem(low, .fail, mentions: ["19 GiB", "/srv/asr", "20 GiB"])
        #expect(try check("disk", in: evaluate { $0.freeDiskBytes = 20 << 30 }).status == .pass)
    }

    @Test func osIsInformational() throws {
        let os = try check("os", in: evaluate { $0.osName = "Ubuntu 20.04.6 LTS" })
        #expect(os.status == .pass)
        #expect(os.detail.contains("Ubuntu 20.04.6 LTS"))
        #expect(try check("os", in: evaluate { $0.osName = "" }).status == .pass)
    }

    // MARK: - Docker, Compose, Python

    @Test func noDockerWarnsAndPointsToTheEmbeddedRuntime() throws {
        let report = evaluate {
            $0.dockerClientVersion = nil
            $0.dockerEngineAnswers = false
            $0.dockerServerVersion = nil
            $0.composeKind = .none
            $0.composeVersion = nil
        }
        expectProblem(try check("docker", in: report), .warn, mentions: ["embedded runtime", "20.10"])
        expectProblem(try check("docker-engine", in: report), .warn, mentions: ["embedded runtime"])
        expectProblem(try check("compose", in: report), .warn, mentions: ["embedded runtime", "1.29"])
        #expect(report.exitCode == 0, "a host without Docker can still deploy")
    }

    @Test func oldDockerClientFails() throws {
        let docker = try check(
            "docker",
            in: evaluate {
                $0.dockerClientVersion = "19.03.13"
                $0.dockerServerVersion = "19.03.13"
            }
        )
        expectProblem(docker, .fail, mentions: ["19.03.13", "20.10"])
    }

    @Test func oldDockerEngineFailsEvenWithANewClient() throws {
        let docker = try check("docker", in: evaluate { $0.dockerServerVersion = "19.03.15" })
        expectProblem(docker, .fail, mentions: ["engine 19.03.15"])
    }

    @Test func debianDockerVersionWithSuffixPasses() throws {
        let docker = try check(
            "docker",
            in: evaluate {
                $0.dockerClientVersion = "20.10.24+dfsg1"
                $0.dockerServerVersion = "20.10.24+dfsg1"
            }
        )
        #expect(docker.status == .pass, "\(docker.detail)")
    }

    @Test func unreadableDockerVersionWarns() throws {
        expectProblem(try check("docker", in: evaluate { $0.dockerClientVersion = "dev" }), .warn)
        expectProblem(try check("docker", in: evaluate { $0.dockerServerVersion = "dev" }), .warn)
    }

    @Test func clientWithoutEngineWarnsOnTheEngineOnly() throws {
        let report = evaluate {
            $0.dockerEngineAnswers = false
            $0.dockerServerVersion = nil
        }
        let docker = try check("docker", in: report)
        #expect(docker.status == .pass)
        #expect(docker.detail.contains("28.2.2"))
        expectProblem(try check("docker-engine", in: report), .warn, mentions: ["docker info", "systemctl start docker"])
    }

    @Test func composeTooOldFails() throws {
        let compose = try check("compose", in: evaluate { $0.composeVersion = "1.25.0" })
        expectProblem(compose, .fail, mentions: ["1.25.0", "1.29", "docker-compose"])
    }

    @Test func composePluginV2Passes() throws {
        let compose = try check(
            "compose",
            in: evaluate {
                $0.composeKind = .plugin
                $0.composeVersion = "v2.20.3"
            }
        )
        #expect(compose.status == .pass)
        #expect(compose.detail.contains("v2 plugin"))
    }

    @Test func unreadableComposeVersionWarns() throws {
        expectProblem(try check("compose", in: evaluate { $0.composeVersion = "unknown" }), .warn)
    }

    @Test func oldOrMissingPythonOnlyWarns() throws {
        let old = evaluate { $0.pythonVersion = "3.8.10" }
        expectProblem(try check("python", in: old), .warn, mentions: ["3.8.10", "3.9"])
        #expect(old.exitCode == 0)
        expectProblem(try check("python", in: evaluate { $0.pythonVersion = nil }), .warn, mentions: ["no python3"])
        #expect(try check("python", in: evaluate { $0.pythonVersion = "3.9.0" }).status == .pass)
    }

    // MARK: - Engine and port

    @Test func missingEngineLibraryFails() throws {
        let library = try check("engine-library", in: evaluate { $0.engineLibraryPath = nil })
        expectProblem(library, .fail, mentions: ["libpocketsphinx.so.3", "apt-get install libpocketsphinx3"])
    }

    @Test func missingModelFails() throws {
        let model = try check("engine-model", in: evaluate { $0.modelPresent = false })
        expectProblem(model, .fail, mentions: ["en-us.lm.bin", "cmudict-en-us.dict", "pocketsphinx-en-us"])
    }

    @Test func busyPortFails() throws {
        let port = try check("port", in: evaluate { $0.portFree = false })
        expectProblem(port, .fail, mentions: ["8001", "ss -ltnp"])
    }

    // MARK: - Profile against host

    @Test func sixWorkersOnFourCoresWarn() throws {
        var profile = Self.balancedProfile
        profile.runtime.workerThreads = 6
        profile.container.cpuset = try CPUSet(parsing: "0-3")
        let workers = try check("workers", in: evaluate(profile: profile))
        expectProblem(workers, .warn, mentions: ["6 decoder threads", "4 usable", "CPU-bound"])
    }

    @Test func zeroWorkersFail() throws {
        var profile = Self.balancedProfile
        profile.runtime.workerThreads = 0
        expectProblem(try check("workers", in: evaluate(profile: profile)), .fail)
    }

    @Test func cpusetNamingAbsentCPUsFails() throws {
        var profile = Self.balancedProfile
        profile.container.cpuset = try CPUSet(parsing: "0-5")
        let report = evaluate(profile: profile)
        expectProblem(try check("cpuset", in: report), .fail, mentions: ["4, 5", "0-3"])
        // Only the CPUs the host has count as usable.
        #expect(try check("workers", in: report).detail.contains("4 usable"))
    }

    @Test func cpusetWithinTheHostPasses() throws {
        var profile = Self.balancedProfile
        profile.container.cpuset = try CPUSet(parsing: "0-3")
        let cpuset = try check("cpuset", in: evaluate(profile: profile))
        #expect(cpuset.status == .pass)
        #expect(cpuset.detail.contains("4 of the host's 4 CPUs"))
    }

    @Test func cpusLimitAboveCpusetWarnsAndAboveHostFails() throws {
        var profile = Self.balancedProfile
        profile.container.resources.cpusLimit = 3.5
        expectProblem(try check("cpus-limit", in: evaluate(profile: profile)), .warn, mentions: ["3.5", "cpuset 0-2"])

        profile.container.resources.cpusLimit = 6
        expectProblem(try check("cpus-limit", in: evaluate(profile: profile)), .fail, mentions: ["6", "4 cores"])

        profile.container.resources.cpusLimit = 2.5
        #expect(try check("cpus-limit", in: evaluate(profile: profile)).status == .pass)
    }

    @Test func asrMemoryCapMustStayBelowTheContainerLimit() throws {
        var profile = Self.balancedProfile
        profile.runtime.maxMemoryMB = 4096
        expectProblem(try check("asr-memory-cap", in: evaluate(profile: profile)), .fail, mentions: ["OOM"])

        profile.runtime.maxMemoryMB = 1500
        #expect(try check("asr-memory-cap", in: evaluate(profile: profile)).status == .pass)
    }

    @Test func forksRedisMaxMemoryAboveItsLimitFails() throws {
        // The fork's docker-compose.yml: `--maxmemory 1gb` in a container limited to 768M.
        var profile = Self.balancedProfile
        profile.redis.maxmemory = ByteSize(bytes: 1 << 30, text: "1gb")
        profile.redis.resources.memoryLimit = ByteSize(bytes: 768 << 20, text: "768M")
        let redis = try check("redis-memory", in: evaluate(profile: profile))
        expectProblem(redis, .fail, mentions: ["1 GiB", "768 MiB", "614mb"])
    }

    @Test func redisWithoutForkHeadroomWarns() throws {
        var profile = Self.balancedProfile
        profile.redis.maxmemory = ByteSize(bytes: 640 << 20, text: "640mb")  // + 160 MiB headroom = 800 MiB > 768 MiB
        let redis = try check("redis-memory", in: evaluate(profile: profile))
        expectProblem(redis, .warn, mentions: ["160 MiB", "fork", "614mb"])
    }

    @Test func guideRedisLeavesForkHeadroom() throws {
        let redis = try check("redis-memory", in: evaluate())
        #expect(redis.status == .pass)
        #expect(redis.detail.contains("512 MiB + 128 MiB"))
    }

    @Test func disabledRedisIsNotChecked() throws {
        var profile = Self.balancedProfile
        profile.redis.enabled = false
        profile.redis.maxmemory = ByteSize(bytes: 1 << 30, text: "1gb")
        let report = evaluate(profile: profile)
        #expect(report.check(named: "redis-memory") == nil)
        #expect(try check("reservations", in: report).detail.contains("Redis 0"))
    }

    @Test func reservationsBeyondTheHostFail() throws {
        var profile = Self.balancedProfile
        profile.container.resources.cpusReservation = 4
        expectProblem(try check("reservations", in: evaluate(profile: profile)), .fail, mentions: ["4.2 CPUs", "4 host cores"])

        profile = Self.balancedProfile
        profile.container.resources.memoryReservation = ByteSize(bytes: 8 << 30, text: "8G")
        expectProblem(try check("reservations", in: evaluate(profile: profile)), .fail, mentions: ["8.5 GiB", "host memory"])
    }

    @Test func guideReservationsFit() throws {
        let reservations = try check("reservations", in: evaluate())
        #expect(reservations.status == .pass)
        #expect(reservations.detail.contains("1.7 CPUs (ASR 1.5 + Redis 0.2)"))
        #expect(reservations.detail.contains("2.5 GiB (ASR 2 GiB + Redis 512 MiB)"))
    }

    // MARK: - Devices

    @Test func fortyDevicesOnTwoDecodersWarnWithTheDerivation() throws {
        var profile = Self.balancedProfile
        profile.runtime.workerThreads = 2
        let report = evaluate(profile: profile, devices: 40)
        let devices = try check("devices", in: report)
        // min(2 workers, 3 pinned cores, 2.5 cpus) = 2 decoders × 5 ÷ 0.3 = 33 devices.
        expectProblem(devices, .warn, mentions: ["40 devices", "33", "estimate", "× real time", "duty cycle", "asrctl bench"])
        #expect(report.capacity?.devices == 33)
        #expect(report.requestedDevices == 40)
        #expect(report.exitCode == 0)
    }

    @Test func guideProfileEstimateUsesTheCpusLimit() throws {
        // min(4 workers, 3 pinned cores, 2.5 cpus) = 2.5 decoders × 5 ÷ 0.3 = 41.67 → 41.
        let fits = evaluate(profile: .defaults, devices: 40)
        #expect(try check("devices", in: fits).status == .pass)
        #expect(fits.capacity?.parallelDecoders == 2.5)
        #expect(fits.capacity?.devices == 41)
        expectProblem(try check("devices", in: evaluate(profile: .defaults, devices: 42)), .warn)
    }

    @Test func twoCoreHostEstimateCountsOnlyCPUsItHas() {
        let report = evaluate({ $0.cpuCores = 2 }, profile: .defaults, devices: 25)
        // cpuset 0-2 on a 2-core host leaves CPUs 0 and 1: 2 × 5 ÷ 0.3 = 33.
        #expect(report.capacity?.usableCores == 2)
        #expect(report.capacity?.devices == 33)
        #expect(report.check(named: "devices")?.status == .pass)
    }

    @Test func nonPositiveDevicesFail() throws {
        expectProblem(try check("devices", in: evaluate(devices: 0)), .fail)
    }

    @Test func withoutDevicesThereIsNoCapacityCheck() {
        let report = evaluate()
        #expect(report.check(named: "devices") == nil)
        #expect(report.capacity == nil)
    }

    // MARK: - Redis headroom arithmetic

    @Test func forkHeadroomIsTheLargerOf64MiBAndAQuarter() {
        #expect(RedisMemoryRule.forkHeadroom(maxMemoryBytes: 512 << 20) == 128 << 20)
        #expect(RedisMemoryRule.forkHeadroom(maxMemoryBytes: 128 << 20) == 64 << 20)
        #expect(RedisMemoryRule.largestSafeMaxMemory(limitBytes: 768 << 20) >> 20 == 614)
        #expect(RedisMemoryRule.largestSafeMaxMemory(limitBytes: 200 << 20) == 136 << 20)
        #expect(RedisMemoryRule.largestSafeMaxMemory(limitBytes: 32 << 20) == 0)
    }
}
