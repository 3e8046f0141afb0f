import Foundation

/// Applies presets: records the active preset in the state file (keeping a backup of the file
/// it replaces) and picks a preset from the device count and host memory for `tune --auto`.
public enum Tuner {
    /// Records `plan.toPreset` as active. The previous state file is copied to
    /// `state.json.bak.<timestamp>` first; returns that backup's path, if one was made.
    @discardableResult
    public static func apply(_ plan: TunePlan, workspace: Workspace, reason: String, now: Date = Date()) throws -> URL? {
        var state = try workspace.loadState()
        var backup: URL?
        if FileManager.default.fileExists(atPath: workspace.stateFile.path) {
            let url = workspace.stateFile.appendingPathExtension("bak.\(timestamp(now))")
            try? FileManager.default.removeItem(at: url)
            try FileManager.default.copyItem(at: workspace.stateFile, to: url)
            backup = url
        }
        state.history.append(.init(at: now, from: state.activePreset, to: plan.toPreset, reason: reason))
        state.activePreset = plan.toPreset
        try workspace.saveState(state)
        return backup
    }

    /// The preset `tune --auto` picks, and why. Thresholds come from each preset's `auto:` block
    /// (`min_devices`, `max_devices`, `host_memory_below_mb`); memory pressure wins over load.
    /// The host's memory is weighed for this deployment (`PresetMemory`): less the engine
    /// service's, plus the decoders an upstream-only runtime does not load.
    /// - Parameter configuration: the deployment as configured now.
    package static func autoSelect(
        devices: Int,
        hostMemoryMB: Int,
        configuration: DeploymentConfiguration,
        workspace: Workspace
    ) -> (preset: String?, reason: String) {
        let memory = PresetMemory(hostMemoryMB: hostMemoryMB, configuration: configuration)
        let memoryMB = memory.comparedMB
        var memoryPreset: (String, Int)?
        var loadPreset: (String, String)?
        for name in workspace.presetNames() {
            guard let url = try? workspace.presetFile(name), let document = try? LoadedDocument.read(url) else { continue }
            let auto = document.autoSelection
            if let below = auto["host_memory_below_mb"], memoryMB < below {
                memoryPreset = (name, below)
            }
            if let min = auto["min_devices"], devices >= min {
                loadPreset = (name, "\(devices) devices ≥ \(min)")
            } else if let max = auto["max_devices"], devices <= max {
                loadPreset = (name, "\(devices) devices ≤ \(max)")
            }
        }
        if let (name, below) = memoryPreset {
            let overridden = loadPreset.map { " (chosen over \($0.0): memory is the harder limit)" } ?? ""
            return (name, "\(memory) < \(below) MB\(overridden)")
        }
        if let (name, why) = loadPreset {
            return (name, "\(why), \(memory) is enough")
        }
        return (nil, "\(devices) devices and \(memory) fit the base profile; no preset needed")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
