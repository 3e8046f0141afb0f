import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts a long-lived background process (the embedded Redis and runtime) with `posix_spawn`:
/// in a new session (it outlives the command and its terminal), with stdin from /dev/null and
/// stdout/stderr appended to a log, and — unlike Foundation's `Process` — with an empty signal
/// mask and default signal handlers. A child inherits the spawning thread's mask, and Swift's
/// worker threads block SIGTERM, so a daemon started through `Process` ignores `asrctl stop`.
enum DetachedProcess {
    /// glibc's POSIX_SPAWN_SETSID (2.26+), a macro Swift does not import.
    private static let spawnSetSID: Int32 = 0x80

    /// Spawns `executable` with `arguments` in the current directory; returns its pid.
    static func spawn(_ executable: URL, _ arguments: [String], environment: [String: String], log: URL) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours may stay open in the daemon: an inherited pipe would keep
        // whoever reads our output waiting for end-of-file until the daemon exits.
        for fd in openDescriptors() where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | spawnSetSID))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for argument in argv { free(argument) }
            for variable in envp { free(variable) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw DeploymentError.commandFailed(
                command: executable.lastPathComponent,
                status: status,
                output: "could not start: \(String(cString: strerror(status)))"
            )
        }
        return pid
    }

    /// This process's open file descriptors, from /proc/self/fd.
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { fcntl($0, F_GETFD) != -1 }
    }
}
