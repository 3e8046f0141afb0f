/// A `JobSource` the engine can submit to and close.
package protocol JobQueue: JobSource {
    /// Adds a job.
    /// - Throws: `SpeechEngineError.shutDown` once the queue is closed (or another
    ///   `SpeechEngineError` if the queue refuses work, e.g. when full).
    func submit(_ job: DecoderJob) throws(SpeechEngineError)

    /// Takes no more jobs; jobs already queued are still handed out by `next(maxBatch:)`,
    /// after which it returns `[]` so workers exit.
    func close()

    /// Jobs waiting, not yet handed to a worker.
    var count: Int { get }
}
