import ASRContracts
import Testing

/// One derivation of an upstream's endpoints from `ASR_UPSTREAM_URL`, whichever form operators
/// write: the server, its `/v1`, or the transcription endpoint itself.
@Suite struct UpstreamAddressTests {
    @Test(arguments: [
        "http://funasr:8000", "http://funasr:8000/", "http://funasr:8000/v1", "http://funasr:8000/v1/",
        "http://funasr:8000/v1/audio/transcriptions",
    ])
    func everyFormGivesTheSameEndpoints(text: String) throws {
        let address = try #require(UpstreamAddress(text))
        #expect(address.transcriptions.absoluteString == "http://funasr:8000/v1/audio/transcriptions")
        #expect(address.models.absoluteString == "http://funasr:8000/v1/models")
        #expect(address.hostAndPort == "funasr:8000")
    }

    @Test func aPathPrefixIsKeptAndCredentialsAreNeverShown() throws {
        let address = try #require(UpstreamAddress(" https://user:secret@api.example.com/openai/v1?api-version=1 "))
        #expect(address.transcriptions.path == "/openai/v1/audio/transcriptions")
        #expect(address.transcriptions.query == "api-version=1")
        #expect(address.hostAndPort == "api.example.com:443")
        #expect(!address.display.contains("secret") && !address.display.contains("user"))
        #expect(UpstreamAddress("") == nil)
    }
}
