import ASRContracts
import ASRRuntime
import Testing

/// ASR_AUTH_TOKENS / ASR_ALLOWED_DEVICES: who may open a device stream.
@Suite struct DeviceAccessPolicyTests {
    @Test func nothingSetAdmitsEveryDevice() {
        let policy = DeviceAccessPolicy(configuration: .defaults)
        #expect(!policy.isEnforced)
        #expect(policy.check(deviceID: nil, authorization: nil) == nil)
    }

    @Test func tokensAdmitHoldersAndListedDevices() {
        let policy = DeviceAccessPolicy(tokens: ["alpha", "beta"], allowedDevices: ["AA:BB:CC:DD:EE:FF"])
        #expect(policy.check(deviceID: "x", authorization: "Bearer beta") == nil)
        #expect(policy.check(deviceID: "x", authorization: "bearer  alpha ") == nil)
        #expect(policy.check(deviceID: "x", authorization: "alpha") == nil, "a bare token, as some clients send it")
        #expect(policy.check(deviceID: "aa:bb:cc:dd:ee:ff", authorization: nil) == nil)
        #expect(policy.check(deviceID: "x", authorization: "Bearer alph")?.message.contains("not one of") == true)
        #expect(policy.check(deviceID: "x", authorization: "Bearer ")?.message.contains("requires a bearer token") == true)
        #expect(policy.check(deviceID: nil, authorization: nil) != nil)
    }

    @Test func anAllowListAloneAdmitsOnlyItsDevices() {
        let policy = DeviceAccessPolicy(tokens: [], allowedDevices: ["aa:bb:cc:dd:ee:ff"])
        #expect(policy.check(deviceID: "AA:BB:CC:DD:EE:FF", authorization: nil) == nil)
        #expect(
            policy.check(deviceID: "11:22:33:44:55:66", authorization: "Bearer anything")?.message
                == "device \"11:22:33:44:55:66\" is not in ASR_ALLOWED_DEVICES"
        )
        #expect(policy.check(deviceID: nil, authorization: nil)?.message == "device without a Device-Id is not in ASR_ALLOWED_DEVICES")
    }

    @Test func theSettingsAreCommaSeparatedLists() throws {
        let configuration = try RuntimeConfiguration(environment: ["ASR_AUTH_TOKENS": " one, two ,,", "ASR_ALLOWED_DEVICES": "AA:01,bb:02"])
        #expect(configuration.authTokens == ["one", "two"])
        #expect(configuration.allowedDevices == ["aa:01", "bb:02"])
    }
}
