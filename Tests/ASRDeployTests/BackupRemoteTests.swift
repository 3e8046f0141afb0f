import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite("backup-config --remote", .ownThreads)
struct BackupRemoteTests {
    @Test(
        "valid USER@HOST:PATH and HOST:PATH specs parse",
        arguments: [
            ("backup@backup-server:/backups/", "backup", "backup-server", "/backups/"),
            ("backup-server:/backups", nil, "backup-server", "/backups"),
            ("nobody@127.0.0.1:/tmp", "nobody", "127.0.0.1", "/tmp"),
            ("ops_1@nas.example.com:backups/asr", "ops_1", "nas.example.com", "backups/asr"),
            ("root@[2001:db8::7]:/srv/backups", "root", "2001:db8::7", "/srv/backups"),
            ("host:/path/with@at:and colon", nil, "host", "/path/with@at:and colon"),
        ] as [(String, String?, String, String)]
    )
    func parsesValid(spec: String, user: String?, host: String, path: String) throws {
        let remote = try RemoteDestination(parsing: spec)
        #expect(remote.user == user)
        #expect(remote.host == host)
        #expect(remote.path == path)
        #expect(remote.scpArgument == spec)
    }

    @Test(
        "invalid specs are refused with a reason",
        arguments: [
            ("", "empty"),
            ("backup-server", "missing ':'"),
            ("/backups/asr", "missing ':'"),
            ("@backup-server:/b", "user before '@' is empty"),
            ("backup@:/b", "host is empty"),
            ("backup-server:", "path after ':' is empty"),
            ("-oProxyCommand=touch /tmp/x:/b", "may not start with '-'"),
            ("bad user@host:/b", "may contain only"),
            ("scp://host/b", "URL form"),
            ("user@[::1/b", "closing ']'"),
            ("host:/b\nrm", "control characters"),
        ]
    )
    func refusesInvalid(spec: String, reason: String) {
        #expect {
            try RemoteDestination(parsing: spec)
        } throws: { error in
            guard let error = error as? BackupError, case .invalidRemote(let named, _) = error else { return false }
            return named == spec && error.description.contains(reason)
                && error.description.contains("expected USER@HOST:PATH or HOST:PATH")
        }
    }

    @Test("a copy to an unreachable host fails clearly and keeps the local archive")
    func unreachableHost() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let result = try makeFixtureBackup(root)
            // Nothing listens on 127.0.0.1:22 here, so ssh fails at once (BatchMode: no prompt).
            let remote = try RemoteDestination(parsing: "nobody@127.0.0.1:/tmp")
            let started = Date()
            #expect {
                try ConfigBackup.copy(result.archiveURL, to: remote)
            } throws: { error in
                guard let error = error as? BackupError else { return false }
                switch error {
                case .remoteCopyFailed(let archive, let destination, let status, let message):
                    return archive == result.archivePath && destination == "nobody@127.0.0.1:/tmp" && status != 0
                        && !message.isEmpty && error.description.contains("the local archive is kept at \(result.archivePath)")
                case .toolMissing(let tool):
                    return tool == "scp"  // a machine without openssh-client
                default:
                    return false
                }
            }
            #expect(Date().timeIntervalSince(started) < 30)
            #expect(try ConfigRestore().inspect(result.archiveURL) == result.manifest)
            #expect(try backupFileMode(result.archiveURL) == 0o600)
        }
    }
}
