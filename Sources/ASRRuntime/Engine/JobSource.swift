/// Where decoder threads take their work from. The engine ships a FIFO (`FIFOJobQueue`);
/// a priority scheduler with batching can replace it without touching the workers.
package protocol JobSource: Sendable {
    /// Blocks the calling decoder thread until work is available, then returns between 1 and
    /// `maxBatch` jobs in the order they should run. Returns an empty array only once the
    /// source is closed and drained: the worker then exits.
    func next(maxBatch: Int) -> [DecoderJob]
}
