import Foundation
import Testing

@testable import ASRDeploy

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `HostProbe` on the machine the tests run on (Debian 12 with PocketSphinx installed, a docker
/// client but no engine), plus its parsers on fixed text.
@Suite("Host probe")
struct HostProbeTests {
    @Test func gathersThisMachineWithoutHanging() throws {
        let clock = ContinuousClock()
        var facts: HostFacts?
        let elapsed = clock.measure {
            facts = HostProbe(diskPath: NSTemporaryDirectory(), commandTimeout: 5).gather()
        }
        let gathered = try #require(facts)
        #expect(elapsed < .seconds(60), "gather() took \(elapsed)")
        #expect(gathered.cpuCores >= 1)
        #expect(gathered.memoryBytes > 0)
        #expect(gathered.freeDiskBytes > 0)
        #expect(!gathered.osName.isEmpty)
        #expect(gathered.modelDirectory == HostProbe.defaultModelDirectory)
        #expect(gathered.modelPresent, "pocketsphinx-en-us is installed on the test machines")
        #expect(gathered.engineLibraryPath?.contains("libpocketsphinx.so.3") == true, "\(String(describing: gathered.engineLibraryPath))")
        if gathered.dockerServerVersion != nil { #expect(gathered.dockerEngineAnswers) }
        if gathered.composeKind == .none { #expect(gathered.composeVersion == nil) }
        // Whatever this host has, the checks can judge it.
        let report = HostChecker.evaluate(facts: gathered, configuration: .defaults)
        #expect(!report.renderTable().isEmpty)
    }

    @Test func aPortThisTestListensOnIsNotFree() throws {
        let listener = try TestListener()
        defer { listener.close() }
        #expect(!HostProbe.isPortFree(listener.port))
        let facts = HostProbe(diskPath: "/", port: listener.port, commandTimeout: 5).gather()
        #expect(facts.port == listener.port)
        #expect(!facts.portFree)
    }

    @Test func aClosedPortIsFree() throws {
        let listener = try TestListener()
        let port = listener.port
        listener.close()
        #expect(HostProbe.isPortFree(port))
    }

    @Test func outOfRangePortsAreNotFree() {
        #expect(!HostProbe.isPortFree(0))
        #expect(!HostProbe.isPortFree(70000))
    }

    @Test func missingModelDirectoryIsReported() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("host-probe-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(!HostProbe.modelPresent(in: directory.path))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("en-us"), withIntermediateDirectories: true)
        try Data().write(to: directory.appendingPathComponent("en-us.lm.bin"))
        #expect(!HostProbe.modelPresent(in: directory.path), "the dictionary is still missing")
        try Data().write(to: directory.appendingPathComponent("cmudict-en-us.dict"))
        #expect(HostProbe.modelPresent(in: directory.path))
        #expect(!HostProbe.modelPresent(in: "/nonexistent/model"))
    }

    @Test func freeDiskOfAPathNotYetCreatedIsMeasuredAtItsParent() {
        #expect(HostProbe.freeDiskBytes(at: "/tmp/asrctl-not-created-\(UUID().uuidString)/deploy") > 0)
    }

    // MARK: - Parsers

    @Test func readsMeminfoFields() {
        let meminfo = "MemTotal:       24684084 kB\nMemFree:         1234 kB\nMemAvailable:   20000000 kB\n"
        #expect(HostProbe.meminfoBytes("MemTotal", in: meminfo) == 24_684_084 * 1024)
        #expect(HostProbe.meminfoBytes("MemAvailable", in: meminfo) == 20_000_000 * 1024)
        #expect(HostProbe.meminfoBytes("MemTotal", in: "MemFree: 1 kB\n") == nil)
        #expect(HostProbe.meminfoBytes("MemTotal", in: "MemTotal: lots kB\n") == nil)
    }

    @Test func countsProcessors() {
        let cpuinfo = "processor\t: 0\nmodel name\t: X\n\nprocessor\t: 1\nmodel name\t: X\n"
        #expect(HostProbe.processorCount(cpuinfo: cpuinfo) == 2)
    }

    @Test func readsOSRelease() {
        let debian = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
        #expect(HostProbe.osName(osRelease: debian) == "Debian GNU/Linux 12 (bookworm)")
        #expect(HostProbe.osName(osRelease: "NAME='Alpine Linux'\nVERSION_ID=3.19.1\n") == "Alpine Linux 3.19.1")
        #expect(HostProbe.osName(osRelease: "garbage") == nil)
    }

    @Test func findsTheMappedLibrary() {
        let maps = """
            7f0000000000-7f0000001000 r--p 00000000 fd:00 1 /usr/lib/x86_64-linux-gnu/libc.so.6
            7f0000002000-7f0000003000 r-xp 00000000 fd:00 2 /usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3.0.0
            7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0 [stack]
            """
        #expect(HostProbe.mappedFile(named: "libpocketsphinx.so.3", maps: maps) == "/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3.0.0")
        #expect(HostProbe.mappedFile(named: "libnothing", maps: maps) == nil)
    }

    @Test func residentMemoryOfAProcessIsReadAndAGoneOneIsNil() {
        #expect(HostProbe.residentBytes(pid: getpid()) ?? 0 > 1 << 20)
        #expect(HostProbe.residentBytes(pid: Int32.max) == nil)
    }
}

/// A TCP listener on 0.0.0.0 and a port the kernel picks, held open for a test.
private final class TestListener {
    let descriptor: Int32
    let port: Int
    private var closed = false

    struct SocketError: Error { let call: String }

    init() throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SocketError(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            Glibc.close(descriptor)
            throw SocketError(call: "bind/listen")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            Glibc.close(descriptor)
            throw SocketError(call: "getsockname")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    deinit { close() }
}
