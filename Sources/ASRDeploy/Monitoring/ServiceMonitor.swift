import ASRContracts
import Foundation

/// Takes monitor samples of a runtime and its host, and judges them against the thresholds.
/// Keeps the previous stats so rates are per interval, not since the service started.
public final class ServiceMonitor: @unchecked Sendable {
    // Mutable state is only used by the one loop that owns the monitor.
    public let client: RuntimeClient
    public let thresholds: AlertThresholds
    private let host: HostSampler
    private var previous: StatsResponse?

    public init(client: RuntimeClient, thresholds: AlertThresholds, diskPath: String) {
        self.client = client
        self.thresholds = thresholds
        self.host = HostSampler(diskPath: diskPath)
    }

    /// One cycle. Never throws: a service that does not answer is recorded as down.
    public func sample(at date: Date = Date()) async -> MonitorSample {
        let hostSample = host.sample()
        var service = MonitorSample.Service(up: false)
        var asr: MonitorSample.ASR?
        do {
            let (status, health) = try await client.health()
            service = .init(up: true, status: health.status, httpStatus: status)
            let stats = try await client.stats()
            asr = Self.figures(stats, since: previous, health: health)
            previous = stats
        } catch {
            service.error = "\(error)"
            previous = nil
        }
        var sample = MonitorSample(
            timestamp: date,
            url: client.baseURL.absoluteString,
            service: service,
            asr: asr,
            host: hostSample,
            alerts: []
        )
        sample.alerts = Self.alerts(for: sample, thresholds: thresholds)
        return sample
    }

    /// This interval's figures from two stats snapshots.
    static func figures(_ stats: StatsResponse, since previous: StatsResponse?, health: HealthResponse) -> MonitorSample.ASR {
        let succeeded = stats.service.succeeded - (previous?.service.succeeded ?? 0)
        let failed = stats.service.failed - (previous?.service.failed ?? 0)
        let hits = stats.service.cacheHits - (previous?.service.cacheHits ?? 0)
        let latencySum =
            stats.service.avgLatency * Double(stats.service.succeeded)
            - (previous.map { $0.service.avgLatency * Double($0.service.succeeded) } ?? 0)
        return MonitorSample.ASR(
            totalRequests: stats.service.totalRequests,
            intervalRequests: stats.service.totalRequests - (previous?.service.totalRequests ?? 0),
            intervalAverageLatency: succeeded > 0 ? max(0, latencySum) / Double(succeeded) : nil,
            latencyP95: stats.latency.p95,
            intervalCacheHitRate: succeeded > 0 ? Double(hits) / Double(succeeded) : nil,
            cacheHitRate: stats.processor.cacheHitRate,
            intervalErrorRate: succeeded + failed > 0 ? Double(failed) / Double(succeeded + failed) : nil,
            currentConcurrent: stats.service.currentConcurrent,
            maxConcurrent: stats.service.maxConcurrent,
            queued: stats.queues.high + stats.queues.medium + stats.queues.low,
            rejected: stats.rejections.values.reduce(0, +),
            serviceMemoryMB: stats.memory.rssMB,
            memoryLevel: stats.memory.level,
            redis: stats.redis.state
        )
    }

    /// The alerts a sample raises.
    package static func alerts(for sample: MonitorSample, thresholds: AlertThresholds) -> [MonitorAlert] {
        var alerts: [MonitorAlert] = []
        if !sample.service.up {
            alerts.append(.init(kind: .serviceDown, message: "service down: \(sample.service.error ?? "no answer")"))
        } else if let status = sample.service.status, status != "healthy" {
            alerts.append(.init(kind: .serviceDown, message: "service not healthy: \(status)"))
        }
        if let asr = sample.asr {
            if let latency = asr.intervalAverageLatency, latency > thresholds.responseTime {
                alerts.append(
                    .init(
                        kind: .responseTime,
                        message: String(format: "average response time %.3f s > %.3f s", latency, thresholds.responseTime),
                        value: latency,
                        threshold: thresholds.responseTime
                    )
                )
            }
            if asr.intervalRequests >= thresholds.minimumRequestsForRates, let rate = asr.intervalCacheHitRate, rate < thresholds.cacheHitRate {
                alerts.append(
                    .init(
                        kind: .cacheHitRate,
                        message: String(format: "cache hit rate %.1f %% < %.1f %%", rate * 100, thresholds.cacheHitRate * 100),
                        value: rate,
                        threshold: thresholds.cacheHitRate
                    )
                )
            }
            if asr.serviceMemoryMB > thresholds.serviceMemoryMB {
                alerts.append(
                    .init(
                        kind: .serviceMemory,
                        message: String(format: "service memory %.0f MB > %.0f MB", asr.serviceMemoryMB, thresholds.serviceMemoryMB),
                        value: asr.serviceMemoryMB,
                        threshold: thresholds.serviceMemoryMB
                    )
                )
            }
            if asr.intervalRequests >= thresholds.minimumRequestsForRates, let rate = asr.intervalErrorRate, rate > thresholds.errorRate {
                alerts.append(
                    .init(
                        kind: .errorRate,
                        message: String(format: "error rate %.1f %% > %.1f %%", rate * 100, thresholds.errorRate * 100),
                        value: rate,
                        threshold: thresholds.errorRate
                    )
                )
            }
        }
        if sample.host.cpuPercent > thresholds.cpuPercent {
            alerts.append(
                .init(
                    kind: .cpu,
                    message: String(format: "host CPU %.0f %% > %.0f %%", sample.host.cpuPercent, thresholds.cpuPercent),
                    value: sample.host.cpuPercent,
                    threshold: thresholds.cpuPercent
                )
            )
        }
        return alerts
    }
}
