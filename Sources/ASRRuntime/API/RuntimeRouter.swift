import ASRContracts
import Foundation
import Hummingbird
import NIOCore

/// Builds the runtime's HTTP API (port 8001): the guide's endpoints, the OpenAI transcription
/// endpoint, and Prometheus metrics. The service's refusals become 503 with `Retry-After` here
/// (`ServiceErrorMiddleware`), the one place they meet HTTP.
package func buildRouter(services: RuntimeServices) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: ServiceErrorMiddleware())
    let reports = StatusReports(services: services)
    router.get("/health") { _, _ -> Response in
        let (report, ready) = await reports.health()
        return try JSONResponse.make(report, status: ready ? .ok : .serviceUnavailable)
    }
    router.get("/asr/stats") { _, _ -> Response in
        try JSONResponse.make(await reports.stats())
    }
    router.get("/metrics") { _, _ -> Response in
        JSONResponse.text(await reports.prometheusText(), contentType: "text/plain; version=0.0.4")
    }
    let recognize = RecognizeEndpoint(services: services)
    router.post("/asr/recognize") { request, context in
        try await recognize.handle(request, context: context)
    }
    let transcriptions = TranscriptionsEndpoint(services: services)
    router.post("/v1/audio/transcriptions") { request, context in
        try await transcriptions.handle(request, context: context)
    }
    // What OpenAI-compatible clients (and another asrctl's check-host) ask to see what is served:
    // the engines' ids. The transcription endpoint takes any `model` and routes by language.
    router.get("/v1/models") { _, _ -> Response in
        let engines = services.recognition.router.engines.values.map(\.id).sorted()
        return try JSONResponse.make(ModelListResponse(data: engines.map { .init(id: $0, ownedBy: "asrctl") }))
    }
    return router
}
