import Testing

@testable import ASRDeploy

@Suite("Tool versions")
struct HostToolVersionTests {
    @Test(arguments: [
        ("28.2.2", [28, 2, 2], "28.2.2"),
        ("1.29.2", [1, 29, 2], "1.29.2"),
        ("v2.20.3", [2, 20, 3], "2.20.3"),
        ("20.10.7+dfsg1", [20, 10, 7], "20.10.7+dfsg1"),
        ("19.03.13-ce", [19, 3, 13], "19.03.13-ce"),
        ("Docker version 20.10.7, build f0df350", [20, 10, 7], "20.10.7"),
        ("docker-compose version 1.29.2, build unknown", [1, 29, 2], "1.29.2"),
        ("Python 3.11.2\n", [3, 11, 2], "3.11.2"),
        ("v2.20.3-desktop.1", [2, 20, 3], "2.20.3-desktop.1"),
        ("3.", [3], "3."),
    ])
    func parses(input: String, components: [Int], text: String) throws {
        let version = try #require(ToolVersion(input))
        #expect(version.components == components)
        #expect(version.text == text)
    }

    @Test(arguments: ["", "dev", "unknown", "v", "Python"])
    func rejectsTextWithoutAVersion(input: String) {
        #expect(ToolVersion(input) == nil)
    }

    @Test func comparesNumericallyComponentByComponent() throws {
        func v(_ text: String) throws -> ToolVersion { try #require(ToolVersion(text)) }
        #expect(try v("19.03.13") < ToolVersion(20, 10))
        #expect(try v("20.10.0") >= ToolVersion(20, 10))
        #expect(try v("20.10") == v("20.10.0"))
        #expect(try v("28.2.2") > v("20.10.24+dfsg1"))
        #expect(try v("1.25.0") < ToolVersion(1, 29))
        #expect(try v("1.29.2") > ToolVersion(1, 29))
        #expect(try v("v2.20.3") > ToolVersion(1, 29))
        #expect(try v("3.8.10") < ToolVersion(3, 9))
        #expect(try v("3.10.1") > ToolVersion(3, 9), "10 > 9 numerically, not as text")
        #expect(try Set([v("1.29"), v("1.29.0")]).count == 1, "equal versions hash alike")
    }
}
