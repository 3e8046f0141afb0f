import Foundation

/// Waiting for a just-started `redis-server` to answer, as the embedded deployment and the
/// benchmarks both start one.
package enum RedisReadiness {
    /// Polls `redis-cli -p <port> ping` every 50 ms until it answers PONG (true), `seconds`
    /// pass, or `isAlive` says the server has exited (false).
    package static func waitForPong(port: Int, within seconds: TimeInterval, isAlive: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, isAlive() {
            if Subprocess(timeout: 2).run("redis-cli", ["-p", String(port), "ping"])?.standardOutput.contains("PONG") == true {
                return true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
