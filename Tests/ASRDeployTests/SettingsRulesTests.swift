import ASRContracts
import Testing

@testable import ASRDeploy

/// `validate` and `check-host` read one rule table: for the same configuration they report the
/// same rule at the same setting, with the same message and hint. Severity differs only where the
/// rule says why (Redis over its limit: a warning for `validate`, a FAIL for `check-host`).
@Suite struct SettingsRulesTests {
    /// A change to the balanced guide configuration that breaks one rule, and how each command
    /// must grade it.
    struct Case: Sendable, CustomTestStringConvertible {
        let rule: String
        let setting: String
        let validate: Diagnostic.Severity
        let checkHost: HostCheckStatus
        let change: @Sendable (inout DeploymentConfiguration) -> Void

        var testDescription: String { "\(rule) at \(setting)" }
    }

    static let cases: [Case] = [
        Case(rule: "workers", setting: "ASR_WORKER_THREADS", validate: .warning, checkHost: .warn) { $0.runtime.workerThreads = 6 },
        Case(rule: "workers", setting: "ASR_WORKER_THREADS", validate: .warning, checkHost: .warn) { $0.runtime.maxConcurrent = 2 },
        Case(rule: "cpus-limit", setting: "container.cpus_limit", validate: .warning, checkHost: .warn) {
            $0.container.resources.cpusLimit = 3.5
        },
        Case(rule: "asr-memory-cap", setting: "ASR_MAX_MEMORY_MB", validate: .error, checkHost: .fail) { $0.runtime.maxMemoryMB = 4096 },
        Case(rule: "asr-memory-cap", setting: "ASR_CACHE_SIZE_MB", validate: .warning, checkHost: .warn) { $0.runtime.cacheSizeMB = 900 },
        Case(rule: "asr-memory-cap", setting: "ASR_MEMORY_CRITICAL_MB", validate: .error, checkHost: .fail) {
            $0.runtime.memoryCriticalMB = 1100
        },
        Case(rule: "redis-memory", setting: "redis.maxmemory", validate: .warning, checkHost: .warn) {
            $0.redis.maxmemory = ByteSize(bytes: 640 << 20, text: "640mb")
        },
        Case(rule: "redis-memory", setting: "redis.maxmemory", validate: .warning, checkHost: .fail) {
            $0.redis.maxmemory = ByteSize(bytes: 1 << 30, text: "1gb")
        },
        Case(rule: "reservations", setting: "container.cpus_reservation", validate: .error, checkHost: .fail) {
            $0.container.resources.cpusReservation = 3
        },
        Case(rule: "reservations", setting: "redis.memory_reservation", validate: .error, checkHost: .fail) {
            $0.redis.resources.memoryReservation = ByteSize(bytes: 1 << 30, text: "1G")
        },
        Case(rule: "engine", setting: "ASR_UPSTREAM_URL", validate: .error, checkHost: .fail) { $0.runtime.engine = "upstream" },
        Case(rule: "engine", setting: "ASR_UPSTREAM_MODEL", validate: .error, checkHost: .fail) {
            $0.runtime.upstreamURL = "http://funasr:8000"
        },
        Case(rule: "engine", setting: "ASR_ENGINE_ROUTES", validate: .error, checkHost: .fail) { $0.runtime.engineRoutes = "zh=whisper" },
        Case(rule: "engine-service", setting: "engine_service.image", validate: .warning, checkHost: .warn) {
            $0.engineService.image = "ghcr.io/speaches-ai/speaches:latest-cpu"
        },
        Case(rule: "engine-service", setting: "ASR_UPSTREAM_URL", validate: .warning, checkHost: .warn) {
            withEngineService(&$0)
            $0.runtime.upstreamURL = "http://funasr:8000"
        },
        Case(rule: "engine-service", setting: "engine_service.port", validate: .error, checkHost: .fail) {
            withEngineService(&$0)
            $0.runtime.upstreamURL = "http://asr-engine:9000"
        },
        Case(rule: "engine-service", setting: "engine_service.environment", validate: .error, checkHost: .fail) {
            withEngineService(&$0)
            $0.engineService.environment = ["LOG_LEVEL=info", "API_KEY=sk-inline"]
        },
        Case(rule: "engine-service", setting: "engine_service.environment", validate: .error, checkHost: .fail) {
            withEngineService(&$0)
            $0.engineService.environment = ["not a name=1"]
        },
        Case(rule: "engine-service", setting: "engine_service.volumes", validate: .error, checkHost: .fail) {
            withEngineService(&$0)
            $0.engineService.volumes = ["models"]
        },
        Case(rule: "reservations", setting: "engine_service.memory_reservation", validate: .error, checkHost: .fail) {
            withEngineService(&$0)
            $0.engineService.resources.memoryReservation = ByteSize(bytes: 4 << 30, text: "4g")
        },
    ]

    /// A working engine service: every request goes to it at its address on the Compose network.
    static func withEngineService(_ configuration: inout DeploymentConfiguration) {
        configuration.engineService.image = "ghcr.io/speaches-ai/speaches:latest-cpu"
        configuration.runtime.engine = "upstream"
        configuration.runtime.upstreamURL = "http://asr-engine:8000"
        configuration.runtime.upstreamModel = "Systran/faster-whisper-small"
    }

    @Test func aWorkingEngineServiceBreaksNoRule() {
        var configuration = HostCheckTests.balancedProfile
        Self.withEngineService(&configuration)
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil } == [])
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks.filter { $0.status != .pass })")
        #expect(report.check(named: "engine-service")?.detail.contains("asr-engine") == true)
        // Nothing to probe from the host: the engine answers on the Compose network only.
        #expect(report.check(named: "upstream")?.detail.contains("Compose network only") == true)
    }

    /// The containers' memory limits, the engine's included, must fit the host; only check-host
    /// knows the host. The hint says the runtime needs little when no decoder is loaded.
    @Test func memoryLimitsBeyondTheHostFailInCheckHostOnly() throws {
        var configuration = HostCheckTests.balancedProfile
        Self.withEngineService(&configuration)
        configuration.engineService.resources.memoryLimit = ByteSize(bytes: 4 << 30, text: "4g")
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil } == [])
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        let limits = try #require(report.check(named: "memory-limits"))
        #expect(limits.status == .fail)
        #expect(limits.detail.contains("8.7 GiB (ASR 4 GiB + Redis 768 MiB + engine 4 GiB)"), "\(limits.detail)")
        #expect(limits.hint?.contains("no request goes to PocketSphinx") == true)
        #expect(report.checks.filter { $0.status != .pass }.map(\.name) == ["memory-limits"])
    }

    @Test func reservationsCountTheEngine() throws {
        var configuration = HostCheckTests.balancedProfile
        Self.withEngineService(&configuration)
        configuration.engineService.resources.cpusLimit = 3
        configuration.engineService.resources.cpusReservation = 2.5
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        let reservations = try #require(report.check(named: "reservations"))
        #expect(reservations.status == .fail)
        #expect(reservations.detail.contains("4.2 CPUs (ASR 1.5 + Redis 0.2 + engine 2.5) > 4 host cores"), "\(reservations.detail)")
    }

    /// Docker refuses a cpus limit above the host's cores when it creates the container: check-host
    /// fails it, and so does deploy's preflight, before it touches the running stack.
    @Test func anEngineCPUsLimitBeyondTheHostFailsBeforeDeploy() throws {
        var configuration = HostCheckTests.balancedProfile
        Self.withEngineService(&configuration)
        configuration.engineService.resources.cpusLimit = 6
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil } == [])
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        #expect(report.check(named: "engine-service")?.status == .fail)

        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let loaded = try ws.load(values: [EngineServiceLoadingTests.example], set: ["engine_service.cpus_limit=6"])
        let mismatches = ComposeDeployment.hostMismatches(loaded, hostCores: 4)
        #expect(mismatches.map(\.name) == ["engine-service"])
        #expect(mismatches.first?.detail.contains("cpus limit 6 exceeds the host's 4 cores") == true)
    }

    /// With every request going to the upstream no decoder is loaded: decoder threads cost no
    /// memory and cannot outnumber the cores.
    @Test func anUpstreamOnlyRuntimeBudgetsNoDecoders() {
        var configuration = HostCheckTests.balancedProfile
        configuration.runtime.workerThreads = 16
        configuration.runtime.engine = "upstream"
        configuration.runtime.upstreamURL = "http://funasr:8000"
        configuration.runtime.upstreamModel = "paraformer-zh"
        #expect(MemoryBudget(runtime: configuration.runtime).decodersMB == 0)
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil } == [])
        configuration.runtime.engineRoutes = "en=pocketsphinx,*=upstream"
        #expect(MemoryBudget(runtime: configuration.runtime).decodersMB == 16 * MemoryBudget.perDecoderMB)
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil }.contains { $0.message.contains("16 decoder threads") })
    }

    @Test func theBalancedConfigurationBreaksNoRule() {
        #expect(CrossChecks.diagnostics(of: HostCheckTests.balancedProfile) { _ in nil } == [])
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: HostCheckTests.balancedProfile)
        #expect(report.checks.allSatisfy { $0.status == .pass })
    }

    @Test(arguments: cases)
    func bothCommandsReportTheSameRule(_ broken: Case) throws {
        var configuration = HostCheckTests.balancedProfile
        broken.change(&configuration)

        let diagnostics = CrossChecks.diagnostics(of: configuration) { _ in nil }
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        let failing = report.checks.filter { $0.status != .pass }
        #expect(failing.map(\.name) == [broken.rule], "check-host: \(failing)")
        let check = try #require(failing.first)
        #expect(check.status == broken.checkHost)

        #expect(diagnostics.count == 1, "validate: \(diagnostics)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.key == broken.setting)
        #expect(diagnostic.severity == broken.validate)
        #expect(check.detail == diagnostic.message)
        #expect(check.hint == diagnostic.hint)
    }

    /// The same through the loader and the real profiles: the guide's high-load preset puts six
    /// decoder threads on the three CPUs of cpuset 0-2.
    @Test func theHighLoadPresetWarnsInBothCommandsAlike() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(preset: "high-load")
        let workers = try #require(config.diagnostics.first { $0.key == "ASR_WORKER_THREADS" })
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: config.typed)
        let check = try #require(report.check(named: "workers"))
        #expect(workers.severity == .warning && check.status == .warn)
        #expect(check.detail == workers.message)
        #expect(check.hint == workers.hint)
        #expect(workers.location?.file.hasSuffix("high-load.yaml") == true)
    }

    @Test func hostOnlyFindingsAreCheckHostsAlone() throws {
        // cpuset 0-5 and cpus 5 on a 4-core host: Docker would refuse both, which only a
        // command that knows the host can say.
        var configuration = HostCheckTests.balancedProfile
        configuration.container.cpuset = try CPUSet(parsing: "0-5")
        configuration.container.resources.cpusLimit = 5
        configuration.runtime.workerThreads = 4
        #expect(CrossChecks.diagnostics(of: configuration) { _ in nil } == [])
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: configuration)
        #expect(report.check(named: "cpuset")?.status == .fail)
        #expect(report.check(named: "cpus-limit")?.status == .fail)
    }

    @Test func everyRuleHasAnIdAndSaysWhatItChecks() {
        let ids = SettingsRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(SettingsRules.all.allSatisfy { !$0.checks.isEmpty })
    }
}
