import Foundation
import TestSupport
import Testing

@testable import ASRRuntime

/// The raw hiredis wrapper against a real redis-server.
@Suite(.ownThreads) struct RedisHiredisConnectionTests {
    private func args(_ words: String...) -> [Data] { words.map { Data($0.utf8) } }

    @Test func convertsEveryReplyType() throws {
        let server = try RedisServerProcess()
        let connection = try HiredisConnection(host: "127.0.0.1", port: server.port, timeout: .seconds(2))
        #expect(try connection.command(args("PING")).get() == .status("PONG"))
        #expect(try connection.command(args("SET", "k", "v")).get() == .status("OK"))
        #expect(try connection.command(args("GET", "k")).get() == .string(Data("v".utf8)))
        #expect(try connection.command(args("GET", "missing")).get() == .null)
        #expect(try connection.command(args("INCRBY", "n", "-42")).get() == .integer(-42))
        #expect(try connection.command(args("RPUSH", "l", "a", "", "c")).get() == .integer(3))
        #expect(
            try connection.command(args("LRANGE", "l", "0", "-1")).get()
                == .array([.string(Data("a".utf8)), .string(Data()), .string(Data("c".utf8))])
        )
        guard case .error(let message) = try connection.command(args("NOSUCHCOMMAND")).get() else {
            Issue.record("expected an error reply")
            return
        }
        #expect(message.contains("unknown command"))
        // An error reply leaves the connection usable.
        #expect(!connection.isBroken)
        #expect(try connection.command(args("PING")).get() == .status("PONG"))
    }

    @Test func argumentsAreBinarySafe() throws {
        let server = try RedisServerProcess()
        let connection = try HiredisConnection(host: "127.0.0.1", port: server.port, timeout: .seconds(2))
        let key = Data([0x6B, 0x00, 0x0D, 0x0A, 0xFF])
        let value = Data((0...255).map(UInt8.init) + [0, 0, 13, 10])
        #expect(try connection.command([Data("SET".utf8), key, value]).get() == .status("OK"))
        #expect(try connection.command([Data("GET".utf8), key]).get() == .string(value))
        #expect(try connection.command([Data("STRLEN".utf8), key]).get() == .integer(Int64(value.count)))
        #expect(throws: RedisError.self) { try connection.command([]).get() }
    }

    @Test func closedPortFailsFastWithoutHanging() throws {
        let port = try RedisServerProcess.freeLoopbackPort()
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: RedisError.self) {
            _ = try HiredisConnection(host: "127.0.0.1", port: port, timeout: .seconds(1))
        }
        #expect(clock.now - start < .seconds(2))
    }

    @Test func connectTimesOutWhenNobodyCompletesTheHandshake() throws {
        let server = try RedisSilentServer(.unreachable)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try HiredisConnection(host: "127.0.0.1", port: server.port, timeout: .milliseconds(500))
            Issue.record("connected to a server whose backlog is full")
        } catch {
            #expect(error.description.contains("timed out"))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(400))
        #expect(elapsed < .seconds(8))
    }

    @Test func commandTimesOutAndMarksTheConnectionBroken() throws {
        let server = try RedisSilentServer(.silent)
        let connection = try HiredisConnection(host: "127.0.0.1", port: server.port, timeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        let result = connection.command(args("PING"))
        let elapsed = clock.now - start
        guard case .failure(.connection(let message)) = result else {
            Issue.record("expected a connection failure, got \(result)")
            return
        }
        #expect(message.contains("timed out"))
        #expect(connection.isBroken)
        #expect(elapsed >= .milliseconds(400))
        #expect(elapsed < .seconds(8))
    }

    @Test func serverGoneBreaksTheConnection() throws {
        let server = try RedisServerProcess()
        let connection = try HiredisConnection(host: "127.0.0.1", port: server.port, timeout: .seconds(1))
        #expect(try connection.command(args("PING")).get() == .status("PONG"))
        server.kill()
        // The first command after the kill reads EOF; the connection is then dead for good and
        // refuses further writes (which could raise SIGPIPE on a thread that does not block it).
        let result = connection.command(args("PING"))
        guard case .failure = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(connection.isBroken)
        guard case .failure = connection.command(args("PING")) else {
            Issue.record("a broken connection must stay broken")
            return
        }
    }
}
