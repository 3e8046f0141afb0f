import ASRContracts
import Foundation

/// What an engine service implies for the runtime's upstream settings that nothing set. With
/// `engine_service.image` named:
/// - `ASR_UPSTREAM_URL` left out (or empty) is `http://asr-engine:<engine_service.port>`, the
///   service's address on the Compose network;
/// - `ASR_UPSTREAM_MAX_IN_FLIGHT` left out, while the runtime's upstream is that service, is two
///   requests per CPU of its `engine_service.cpus_limit` (at most `ASR_MAX_CONCURRENT`): a local
///   engine decodes about one utterance per CPU at a time, and one more each keeps it busy while
///   the next is uploaded. Beyond that, requests would wait inside the engine, first come first
///   served; held in the runtime, they wait by priority, and the most urgent goes next.
/// Derived values show as such in `config --explain`.
enum EngineServiceDefaults {
    /// Requests in flight to the engine service per CPU it may use.
    static let inFlightPerEngineCPU = 2

    /// Adds the derived values to `values`, which holds what the layers set.
    static func derive(_ values: inout LayeredValues) {
        let typed = values.typedView
        let service = typed.engineService
        guard let image = service.renderedImage else { return }
        let urlID = RuntimeSettings.upstreamURL.id
        if typed.runtime.upstreamURL.trimmingCharacters(in: .whitespaces).isEmpty {
            values[urlID] = (.text(service.networkURL), .derived("engine_service.image \(image) on engine_service.port \(service.port)"))
        }
        let inFlightID = RuntimeSettings.upstreamMaxInFlight.id
        if values[inFlightID] == nil, let url = values[urlID]?.0.textValue, service.isReached(by: url) {
            let cpus = service.resources.cpusLimit
            let perCPU = inFlightPerEngineCPU * Int(cpus.rounded(.up))
            values[inFlightID] = (
                .integer(min(typed.runtime.maxConcurrent, perCPU)),
                .derived("engine_service.cpus_limit \(SettingKind.format(cpus)): \(inFlightPerEngineCPU) per engine CPU, at most ASR_MAX_CONCURRENT")
            )
        }
    }
}
