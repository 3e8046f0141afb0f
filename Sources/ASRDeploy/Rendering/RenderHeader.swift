/// The comment at the top of every rendered file: what made it and from which preset.
/// It carries no timestamp, so rendering the same configuration twice gives identical bytes.
enum RenderHeader {
    static func text(for config: EffectiveConfiguration, comment: String) -> String {
        """
        \(comment) Rendered by asrctl \(ASRDeploy.version) from the profiles (preset: \(config.presetName ?? "none")).
        \(comment) Change the profiles, presets or --set values and run `asrctl render` again; edits here are
        \(comment) kept in a .bak copy when asrctl renders over them.

        """
    }
}
