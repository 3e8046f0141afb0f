import ASRContracts
import Synchronization

/// `ASR_ENABLE_MEMORY_POOL`: a bounded pool of sample buffers (`ASR_MEMORY_POOL_SIZE` buffers of
/// `ASR_MEMORY_POOL_BUFFER_KB` each) reused for decoded audio instead of allocating per request.
/// Audio longer than a pooled buffer gets a one-off allocation that is not pooled.
package final class AudioBufferPool: Sendable {
    package struct Snapshot: Sendable, Equatable {
        package let enabled: Bool
        package let pooled: Int
        package let capacity: Int
        package let bufferBytes: Int
        package let reused: Int
        package let allocated: Int
    }

    private struct State {
        var buffers: [[Int16]] = []
        var reused = 0
        var allocated = 0
    }

    package let enabled: Bool
    package let capacity: Int
    /// Samples per pooled buffer.
    package let bufferSamples: Int
    private let state = Mutex(State())

    package init(enabled: Bool, capacity: Int, bufferKB: Int, preallocate: Bool) {
        self.enabled = enabled
        self.capacity = enabled ? capacity : 0
        self.bufferSamples = bufferKB * 1024 / MemoryLayout<Int16>.size
        if enabled, preallocate {
            let samples = bufferSamples
            state.withLock { state in
                state.buffers = (0..<capacity).map { _ in
                    var buffer = [Int16]()
                    buffer.reserveCapacity(samples)
                    return buffer
                }
            }
        }
    }

    package convenience init(configuration: RuntimeConfiguration) {
        self.init(
            enabled: configuration.enableMemoryPool,
            capacity: configuration.memoryPoolSize,
            bufferKB: configuration.memoryPoolBufferKB,
            preallocate: configuration.memoryPoolPrealloc
        )
    }

    /// An empty buffer able to hold `samples` samples without reallocating.
    package func acquire(samples: Int) -> [Int16] {
        if enabled, samples <= bufferSamples {
            let pooled: [Int16]? = state.withLock { state in
                guard var buffer = state.buffers.popLast() else { return nil }
                state.reused += 1
                buffer.removeAll(keepingCapacity: true)
                return buffer
            }
            if let pooled { return pooled }
        }
        state.withLock { $0.allocated += 1 }
        var buffer = [Int16]()
        buffer.reserveCapacity(enabled ? max(samples, min(bufferSamples, samples * 2)) : samples)
        return buffer
    }

    /// Returns a buffer; it is kept if the pool has room and it is of pooled size.
    package func release(_ buffer: [Int16]) {
        guard enabled, buffer.capacity >= bufferSamples, buffer.capacity <= bufferSamples * 2 else { return }
        state.withLock { state in
            if state.buffers.count < capacity { state.buffers.append(buffer) }
        }
    }

    /// Drops pooled buffers down to `keep` (memory pressure, aggressive GC).
    package func shrink(keep: Int = 0) {
        state.withLock { state in
            if state.buffers.count > keep { state.buffers.removeLast(state.buffers.count - keep) }
        }
    }

    package var snapshot: Snapshot {
        state.withLock {
            Snapshot(
                enabled: enabled,
                pooled: $0.buffers.count,
                capacity: capacity,
                bufferBytes: bufferSamples * 2,
                reused: $0.reused,
                allocated: $0.allocated
            )
        }
    }
}
