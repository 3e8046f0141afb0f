/// How host checks print sizes and counts: binary units, short decimals.
enum HostCheckFormat {
    /// `8 GiB`, `7.5 GiB`, `768 MiB`, `512 KiB`, `12 B`, to one decimal rounded down, so a size
    /// just below a threshold (7.99 GiB) never prints as the threshold (8 GiB).
    static func bytes(_ value: UInt64) -> String {
        let units: [(String, UInt64)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (unit, size) in units where value >= size {
            let tenths = (Double(value) / Double(size) * 10 + 1e-9).rounded(.down)
            return "\(decimal(tenths: Int(tenths))) \(unit)"
        }
        return "\(value) B"
    }

    /// `4`, `2.5`, `0.25`, `41.67`: at most two decimals, without trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `75` → `7.5`, `80` → `8`.
    private static func decimal(tenths: Int) -> String {
        tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
