import Foundation
import Testing

@testable import ASRRuntime

/// The `multipart/form-data` reader behind `/v1/audio/transcriptions`: parts come back byte for
/// byte, and a malformed form is refused with a reason instead of being read leniently.
@Suite struct MultipartFormTests {
    private static let boundary = "----asrctl7MA4YWxkTrZu0gW"

    /// What curl -F and Python's requests send: CRLF lines, a closing delimiter and a final CRLF.
    private static func form(
        _ parts: [(headers: String, body: [UInt8])],
        boundary: String = boundary,
        preamble: String = "",
        epilogue: String = "\r\n"
    ) -> [UInt8] {
        var bytes = Array(preamble.utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        return bytes + Array("--\(boundary)--\(epilogue)".utf8)
    }

    @Test func readsAnOpenAIFormByteForByte() throws {
        // Audio that holds CRLFs, dashes and "--" + the boundary, but never a CRLF followed by that.
        let audio: [UInt8] = Array("RIFF\r\n--\r\n\r\nx--\(Self.boundary)--".utf8) + (0..<2000).map { UInt8($0 % 256) }
        let body = Self.form([
            ("Content-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav", audio),
            ("Content-Disposition: form-data; name=\"model\"", Array("whisper-1".utf8)),
            ("content-disposition: form-data; name=language", Array("zh".utf8)),
            ("Content-Disposition: form-data; name=\"response_format\"", Array("verbose_json".utf8)),
        ])
        let form = try MultipartForm(body, boundary: Self.boundary)
        #expect(form.parts.map(\.name) == ["file", "model", "language", "response_format"])
        #expect(form.part("file")?.body == Data(audio))
        #expect(form.part("file")?.filename == "utterance.wav")
        #expect(form.part("file")?.contentType == "audio/wav")
        #expect(form.text("model") == "whisper-1")
        #expect(form.text("language") == "zh")
        #expect(form.text("response_format") == "verbose_json")
        #expect(form.text("prompt") == nil)
    }

    @Test func skipsPreambleEpilogueAndPaddingAndKeepsEmptyValues() throws {
        var body = Array("this is the preamble\r\n--\(Self.boundary)  \t\r\n".utf8)
        body += Array("Content-Disposition: form-data; name=\"prompt\"\r\n\r\n\r\n--\(Self.boundary)--\r\nepilogue --\(Self.boundary)\r\n".utf8)
        let form = try MultipartForm(body, boundary: Self.boundary)
        #expect(form.parts.count == 1)
        #expect(form.text("prompt") == "")
        #expect(try MultipartForm(Array("--\(Self.boundary)--".utf8), boundary: Self.boundary).parts.isEmpty)
    }

    @Test func quotedParametersKeepTheirSemicolonsAndEscapes() {
        #expect(MultipartForm.parameter("filename", in: #"form-data; name="file"; filename="a;b\"c.wav""#) == #"a;b"c.wav"#)
        #expect(MultipartForm.parameter("name", in: #"form-data; filename="x"; name=model"#) == "model")
        #expect(MultipartForm.parameter("name", in: "form-data") == nil)
        #expect(MultipartForm.boundary(contentType: #"multipart/form-data; charset=utf-8; boundary="a b:c""#) == "a b:c")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data;boundary=xyz") == "xyz")
        #expect(MultipartForm.boundary(contentType: "application/json; boundary=xyz") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test(arguments: [
        ("truncated", "closing"),
        ("no name", "no Content-Disposition: form-data with a name"),
        ("no headers", "has no headers"),
        ("not form-data", "no Content-Disposition: form-data with a name"),
        ("no delimiter", "has no --"),
        ("delimiter then garbage", "not followed by a line break"),
        ("header without colon", "header line without a colon"),
        ("endless headers", "no end to its headers"),
    ])
    func refusesMalformedFormsSayingWhy(shape: String, reason: String) {
        let b = Self.boundary
        let body: [UInt8] =
            switch shape {
            case "truncated": Array("--\(b)\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nRIFF....".utf8)
            case "no name": Self.form([("Content-Disposition: form-data; filename=\"a.wav\"", [1, 2])])
            case "no headers": Array("--\(b)\r\n\r\nvalue\r\n--\(b)--".utf8)
            case "not form-data": Self.form([("Content-Disposition: attachment; name=\"file\"", [1])])
            case "no delimiter": Array("just some bytes".utf8)
            case "delimiter then garbage": Array("--\(b)garbage\r\n".utf8)
            case "header without colon": Self.form([("Content-Disposition form-data", [1])])
            default: Array("--\(b)\r\nX-Long: \(String(repeating: "a", count: 9000))".utf8)
            }
        #expect {
            try MultipartForm(body, boundary: b)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func boundsPartsAndBoundaryLength() {
        let many = Self.form(Array(repeating: ("Content-Disposition: form-data; name=\"x\"", [0x61]), count: MultipartForm.maxParts + 1))
        #expect(throws: MultipartFormError.self) { try MultipartForm(many, boundary: Self.boundary) }
        #expect(throws: MultipartFormError.self) { try MultipartForm([], boundary: String(repeating: "b", count: 71)) }
        #expect(throws: MultipartFormError.self) { try MultipartForm([], boundary: "") }
    }
}
