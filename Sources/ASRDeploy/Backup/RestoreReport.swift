/// The outcome of `ConfigRestore.restore`: the plan, whether it was only a dry run,
/// and where the safety copy of replaced files is.
package struct RestoreReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What was (or, in a dry run, would be) done per file.
    package let plan: RestorePlan
    /// True when nothing was changed because this was a dry run.
    package let dryRun: Bool
    /// The `asr_config_pre_restore_…` archive holding the files as they were before
    /// being replaced or re-moded; nil when nothing was replaced (or in a dry run).
    /// Restoring it undoes the restore, apart from created files.
    package let safetyBackup: BackupResult?

    /// Creates a report.
    package init(plan: RestorePlan, dryRun: Bool, safetyBackup: BackupResult?) {
        self.plan = plan
        self.dryRun = dryRun
        self.safetyBackup = safetyBackup
    }

    /// Paths that were written or re-moded (empty in a dry run).
    package var changedPaths: [String] {
        dryRun ? [] : plan.entries.filter { $0.action.changesFile }.map(\.path)
    }

    package var description: String {
        var lines = [plan.description]
        if dryRun {
            lines.append("Dry run: nothing was changed.")
        } else if !plan.hasChanges {
            lines.append("Nothing to restore: every file already matches the backup.")
        } else {
            lines.append("Restored \(changedPaths.count) file(s) into \(plan.rootPath).")
            if let safetyBackup {
                lines.append("The previous versions of replaced files are saved in \(safetyBackup.archivePath)")
            }
            if !plan.created.isEmpty {
                lines.append("Created files (not in the safety copy): \(plan.created.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
