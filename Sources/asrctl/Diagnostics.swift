import ASRDeploy
import Foundation

/// Prints configuration diagnostics to standard error in `file:line:column: severity: key: message` form.
enum Diagnostics {
    static func print(_ diagnostics: [Diagnostic], includeNoEffect: Bool) {
        for diagnostic in diagnostics where includeNoEffect || diagnostic.severity != .noEffect {
            StandardError.write(diagnostic.description)
        }
    }
}
