import CJemalloc
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// This process's memory as the kernel counts it, and as its allocator does.
///
/// The process allocates with jemalloc, linked in place of the C library's malloc (the
/// `CJemalloc` module links it, so it precedes libc in symbol lookup and PocketSphinx's
/// allocations go to it too). Why: a PocketSphinx decoder is ~340,000 small blocks — each
/// dictionary entry's word and pronunciation, the language-model set's copy of every word,
/// hash-chain entries — of 8–32 bytes. glibc gives each a chunk of at least 32 bytes with a
/// header; jemalloc a size class of 8, 16, 32 or 48 bytes without one. Measured with en-us, a
/// stream decoder (shared language model, narrowed dictionary, `-fwdflat no`) created in a
/// bare process adds 47.1 MB RSS with glibc and 41.0 MB with jemalloc; after streaming a 7 s
/// utterance three such decoders hold 234.5 MB with glibc, 220.9 MB with jemalloc (README,
/// Devices; `StreamDecoderMemoryTests`).
public enum ProcessMemory {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Resident set size in bytes, from /proc/self/statm (0 if unreadable).
    public static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard count > 0 else { return 0 }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * pageSize
    }

    /// Returns freed heap memory to the kernel: jemalloc purges the unused pages of every arena
    /// (it would otherwise return them only after its decay time, 10 s); glibc's `malloc_trim(0)`
    /// too, for anything allocated before jemalloc or around it. True if either released memory.
    @discardableResult
    public static func releaseFreedMemory() -> Bool {
        // MALLCTL_ARENAS_ALL (4096): every arena.
        let purged = mallctl("arena.4096.purge", nil, nil, nil, 0) == 0
        let trimmed = mallocTrim.map { $0(0) != 0 } ?? false
        return purged || trimmed
    }

    /// Bytes the calling thread has allocated and not freed (it may have freed other threads'
    /// blocks too), by jemalloc's own per-thread counters: what the thread's work holds, undisturbed
    /// by other threads. Nil if jemalloc is not the allocator.
    package static func threadAllocatedBytes() -> Int? {
        guard let allocated = counter("thread.allocated"), let freed = counter("thread.deallocated") else { return nil }
        return Int(truncatingIfNeeded: allocated &- freed)
    }

    /// Whether jemalloc is the allocator `malloc` reaches: the calling thread's jemalloc counter
    /// moves when the C library's `malloc` is called (it would not if glibc's won the lookup).
    package static var allocatesWithJemalloc: Bool {
        guard let before = counter("thread.allocated") else { return false }
        let block = malloc(1 << 20)
        defer { free(block) }
        guard let after = counter("thread.allocated") else { return false }
        return after &- before >= 1 << 20
    }

    private static func counter(_ name: String) -> UInt64? {
        var value: UInt64 = 0
        var length = MemoryLayout<UInt64>.size
        return mallctl(name, &value, &length, nil, 0) == 0 ? value : nil
    }

    /// glibc's `malloc_trim`, looked up at run time: it is declared in <malloc.h>, which the
    /// Glibc module does not export.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
}
