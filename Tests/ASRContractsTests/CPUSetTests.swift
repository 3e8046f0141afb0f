import Testing

@testable import ASRContracts

@Suite("CPU sets")
struct CPUSetTests {
    @Test(arguments: [
        ("0-2,4", [0, 1, 2, 4]),
        ("0,2-3", [0, 2, 3]),
        ("3", [3]),
        (" 0-1 ", [0, 1]),
        ("0-2, 1-3", [0, 1, 2, 3]),
        ("5,1", [1, 5]),
    ])
    func parses(text: String, cpus: [Int]) throws {
        let set = try CPUSet(parsing: text)
        #expect(set.cpus == cpus)
        #expect(set.count == cpus.count)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("   ", "is empty"),
        ("0-", "\"0-\""),
        ("-1", "\"-1\""),
        ("2-1", "start is above its end"),
        ("a", "not a CPU number"),
        ("1,,2", "has an empty entry"),
        ("0,", "has an empty entry"),
        ("0-2-3", "more than one '-'"),
        ("0x1", "not a CPU number"),
        ("+1", "not a CPU number"),
        ("9000", "above 8191"),
    ])
    func rejectsMalformedInputClearly(text: String, fragment: String) {
        do {
            let set = try CPUSet(parsing: text)
            Issue.record("\"\(text)\" parsed as \(set.cpus)")
        } catch {
            #expect(error.input == text)
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(error.description.contains("expected a CPU list such as 0-2 or 0,2-3"))
        }
    }

    @Test func reportsCPUsTheHostLacks() throws {
        let set = try CPUSet(parsing: "0-5")
        #expect(set.missing(onHostWith: 4) == [4, 5])
        #expect(set.missing(onHostWith: 8).isEmpty)
        #expect(set.description == "0-5")
    }
}
