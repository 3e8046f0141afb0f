import ASRDeploy
import Foundation
import Testing

/// Alert rules on recorded samples: each threshold fires, and only when it should.
@Suite struct MonitorAlertTests {
    static let thresholds = AlertThresholds(responseTime: 1.0, cacheHitRate: 0.10, serviceMemoryMB: 1400, cpuPercent: 90, errorRate: 0.05)

    static func sample(
        up: Bool = true,
        status: String = "healthy",
        requests: Int = 50,
        latency: Double? = 0.3,
        hitRate: Double? = 0.5,
        errorRate: Double? = 0,
        memory: Double = 300,
        cpu: Double = 20
    ) -> MonitorSample {
        MonitorSample(
            timestamp: Date(timeIntervalSince1970: 1_800_000_000),
            url: "http://127.0.0.1:8001",
            service: .init(up: up, status: up ? status : nil, httpStatus: up ? 200 : nil, error: up ? nil : "refused"),
            asr: up
                ? .init(
                    totalRequests: 500,
                    intervalRequests: requests,
                    intervalAverageLatency: latency,
                    latencyP95: 0.5,
                    intervalCacheHitRate: hitRate,
                    cacheHitRate: 0.4,
                    intervalErrorRate: errorRate,
                    currentConcurrent: 1,
                    maxConcurrent: 20,
                    queued: 0,
                    rejected: 0,
                    serviceMemoryMB: memory,
                    memoryLevel: "normal",
                    redis: "connected"
                ) : nil,
            host: HostSample(cpuPercent: cpu, memoryUsedMB: 2000, memoryTotalMB: 8000, diskFreeGB: 50, diskUsedPercent: 40),
            alerts: []
        )
    }

    static func kinds(_ sample: MonitorSample) -> [MonitorAlert.Kind] {
        ServiceMonitor.alerts(for: sample, thresholds: thresholds).map(\.kind)
    }

    @Test func quietServiceRaisesNothing() {
        #expect(Self.kinds(Self.sample()).isEmpty)
    }

    @Test func eachThresholdFires() {
        #expect(Self.kinds(Self.sample(up: false)) == [.serviceDown])
        #expect(Self.kinds(Self.sample(status: "overloaded")) == [.serviceDown])
        #expect(Self.kinds(Self.sample(latency: 1.4)) == [.responseTime])
        #expect(Self.kinds(Self.sample(hitRate: 0.05)) == [.cacheHitRate])
        #expect(Self.kinds(Self.sample(memory: 1450)) == [.serviceMemory])
        #expect(Self.kinds(Self.sample(cpu: 95)) == [.cpu])
        #expect(Self.kinds(Self.sample(errorRate: 0.2)) == [.errorRate])
    }

    @Test func ratesNeedEnoughRequests() {
        // Two requests, one miss: not enough to call the hit rate low or the error rate high.
        #expect(Self.kinds(Self.sample(requests: 2, hitRate: 0, errorRate: 0.5)).isEmpty)
    }

    @Test func samplesRoundTripAsJSONLines() throws {
        var sample = Self.sample(memory: 1500)
        sample.alerts = ServiceMonitor.alerts(for: sample, thresholds: Self.thresholds)
        let line = try sample.jsonLine()
        #expect(!line.contains("\n"))
        #expect(try MonitorSample.parse(line) == sample)
        #expect(line.contains(#""kind":"service_memory""#))
    }

    @Test func dashboardShowsServiceFiguresAndAlerts() {
        var sample = Self.sample(cpu: 97)
        sample.alerts = ServiceMonitor.alerts(for: sample, thresholds: Self.thresholds)
        let text = MonitorDashboard.render(sample, thresholds: Self.thresholds, cycle: 3)
        #expect(text.contains("SERVICE   up (healthy"))
        #expect(text.contains("requests 500 (+50)"))
        #expect(text.contains("service memory 300 MB"))
        #expect(text.contains("! host CPU 97 % > 90 %"))
        let down = MonitorDashboard.render(Self.sample(up: false), thresholds: Self.thresholds, cycle: 1)
        #expect(down.contains("SERVICE   DOWN — refused"))
    }
}
