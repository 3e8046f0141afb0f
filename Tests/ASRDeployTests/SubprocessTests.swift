import Foundation
import Testing

@testable import ASRDeploy

/// The one runner asrctl starts other programs with: it never hangs on a program, a full pipe
/// or a grandchild, and it keeps output within the bounds it is given. The bounds below are
/// tens of times what each step needs, against programs that would otherwise run 60 s.
@Suite(.ownThreads) struct SubprocessTests {
    @Test func aMissingProgramIsNilNotACrash() {
        #expect(Subprocess(timeout: 2).run("asrctl-no-such-program", ["--version"]) == nil)
        #expect(throws: Subprocess.Failure.notInstalled("asrctl-no-such-program")) {
            try Subprocess(timeout: 2).start("asrctl-no-such-program", [])
        }
    }

    @Test func aSlowProgramIsStoppedAtTheTimeout() throws {
        let clock = ContinuousClock()
        var result: Subprocess.Result?
        let elapsed = clock.measure { result = Subprocess(timeout: 0.5).run("sleep", ["60"]) }
        let stopped = try #require(result)
        #expect(stopped.timedOut)
        #expect(!stopped.succeeded)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    /// A program that ignores SIGTERM is killed a second after it.
    @Test func aProgramIgnoringSIGTERMIsKilled() throws {
        let clock = ContinuousClock()
        var result: Subprocess.Result?
        let elapsed = clock.measure { result = Subprocess(timeout: 0.5).run("sh", ["-c", "trap '' TERM; exec sleep 60"]) }
        let stopped = try #require(result)
        #expect(stopped.timedOut)
        #expect(stopped.terminatedBySignal)
        #expect(stopped.status == SIGKILL)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    /// A grandchild that outlives the program holds its pipes (and hides its end from
    /// Foundation's Process): what the program wrote before is kept and the call returns.
    @Test func aGrandchildHoldingThePipesDoesNotHoldUsUp() throws {
        let clock = ContinuousClock()
        var result: Subprocess.Result?
        let elapsed = clock.measure {
            result = Subprocess(timeout: 0.5).run("sh", ["-c", "trap '' TERM; echo started; sleep 60; echo never"])
        }
        let stopped = try #require(result)
        #expect(stopped.timedOut)
        #expect(!stopped.succeeded)
        #expect(stopped.standardOutput == "started\n")
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func statusAndOutputAreCapturedAndStdinIsEmpty() throws {
        let result = try #require(Subprocess(timeout: 5).run("sh", ["-c", "cat; echo out; echo err >&2; exit 3"]))
        #expect(result.status == 3)
        #expect(!result.timedOut)
        #expect(!result.succeeded)
        #expect(result.exitDescription == "exit status 3")
        #expect(result.standardOutput == "out\n")
        #expect(result.standardError == "err\n")
    }

    /// 4 MB of output through a 1 MB limit that truncates: the first bytes are kept and the
    /// program still runs to its end (it is never blocked on a full pipe).
    @Test func aTruncatingLimitKeepsTheFirstBytesAndLetsTheProgramFinish() throws {
        let subprocess = Subprocess(timeout: 60, outputLimit: .truncate(1 << 20))
        let result = try #require(subprocess.run("sh", ["-c", "head -c 4194304 /dev/zero; echo done >&2"]))
        #expect(result.succeeded)
        #expect(!result.outputLimitExceeded)
        #expect(result.output.count == 1 << 20)
        #expect(result.standardError == "done\n")
    }

    /// Endless output (a decompression bomb's shape) through a stopping limit, from a program
    /// that ignores SIGTERM: it is killed, reported as over the limit, and nothing hangs.
    @Test func aStoppingLimitEndsAnEndlessWriterEvenOneIgnoringSIGTERM() throws {
        let clock = ContinuousClock()
        var result: Subprocess.Result?
        let elapsed = clock.measure {
            result = Subprocess(timeout: nil, outputLimit: .stop(100_000)).run("sh", ["-c", "trap '' TERM; exec yes"])
        }
        let stopped = try #require(result)
        #expect(stopped.outputLimitExceeded)
        #expect(!stopped.succeeded)
        #expect(stopped.exitDescription == "output exceeded the size limit")
        #expect(stopped.output.count == 100_000)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func outputCanGoStraightToAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("asrctl-subprocess-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        let result = try Subprocess(timeout: 10).start("sh", ["-c", "printf 'to the file'"], standardOutput: handle)
        try handle.close()
        #expect(result.succeeded)
        #expect(result.output.isEmpty)
        #expect(try String(contentsOf: url, encoding: .utf8) == "to the file")
    }
}
