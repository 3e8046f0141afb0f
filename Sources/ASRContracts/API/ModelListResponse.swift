/// `GET /v1/models` as OpenAI-compatible servers answer it: what asrctl serves, and what it
/// reads from an upstream (which may leave out `object` and `owned_by`).
public struct ModelListResponse: Codable, Sendable, Equatable {
    public struct Model: Codable, Sendable, Equatable {
        public var id: String
        public var object: String?
        public var ownedBy: String?

        enum CodingKeys: String, CodingKey {
            case id, object
            case ownedBy = "owned_by"
        }

        public init(id: String, object: String? = "model", ownedBy: String? = nil) {
            self.id = id
            self.object = object
            self.ownedBy = ownedBy
        }
    }

    public var object: String?
    public var data: [Model]

    public init(data: [Model]) {
        self.object = "list"
        self.data = data
    }
}
