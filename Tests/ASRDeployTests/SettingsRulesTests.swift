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
    ]

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
