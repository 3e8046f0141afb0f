import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// This process's memory as the kernel counts it.
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

    /// Returns freed heap memory to the kernel (glibc `malloc_trim(0)`); true if any was released.
    @discardableResult
    public static func releaseFreedMemory() -> Bool {
        guard let mallocTrim else { return false }
        return mallocTrim(0) != 0
    }

    /// glibc's `malloc_trim`, looked up at run time: it is declared in <malloc.h>, which the
    /// Glibc module does not export.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
}
