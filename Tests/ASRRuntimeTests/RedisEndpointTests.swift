import ASRContracts
import Testing

@testable import ASRRuntime

@Suite struct RedisEndpointTests {
    @Test func plainURL() throws {
        let endpoint = try RedisEndpoint(url: "redis://127.0.0.1:6379")
        #expect(endpoint == RedisEndpoint(host: "127.0.0.1", port: 6379))
        #expect(endpoint.description == "127.0.0.1:6379/0")
    }

    @Test func passwordAndDatabase() throws {
        let endpoint = try RedisEndpoint(url: "redis://:s3cr%40t@cache.local:6380/2")
        #expect(endpoint.host == "cache.local")
        #expect(endpoint.port == 6380)
        #expect(endpoint.database == 2)
        #expect(endpoint.username == nil)
        #expect(endpoint.password == "s3cr@t")
        #expect(!endpoint.description.contains("s3cr"))
    }

    @Test func userAndPasswordLikeRedisCli() throws {
        let acl = try RedisEndpoint(url: "redis://asr:pw@10.0.0.5")
        #expect(acl.username == "asr" && acl.password == "pw" && acl.port == 6379)
        let bare = try RedisEndpoint(url: "redis://pw@10.0.0.5:7000/")
        #expect(bare.username == nil && bare.password == "pw" && bare.port == 7000 && bare.database == 0)
    }

    @Test func ipv6AndBareHostPort() throws {
        let v6 = try RedisEndpoint(url: "redis://[::1]:6380/1")
        #expect(v6.host == "::1" && v6.port == 6380 && v6.database == 1)
        #expect(v6.description == "[::1]:6380/1")
        let bare = try RedisEndpoint(url: "  localhost:6390 ")
        #expect(bare.host == "localhost" && bare.port == 6390)
        let defaults = try RedisEndpoint(url: "redis://")
        #expect(defaults == RedisEndpoint(host: "127.0.0.1"))
    }

    @Test(arguments: [
        "", "rediss://h:6379", "http://h", "redis://h:0", "redis://h:70000", "redis://h:port",
        "redis://h/-1", "redis://h/x", "redis://::1:6379", "redis://[::1",
    ])
    func rejected(url: String) {
        #expect(throws: RedisURLError.self) { try RedisEndpoint(url: url) }
    }

    @Test func errorNeverShowsThePassword() {
        do {
            _ = try RedisEndpoint(url: "redis://:topsecret@h:99999")
            Issue.record("accepted an invalid port")
        } catch {
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test func runtimeSettingsMapOntoTheCache() throws {
        let runtime = try RuntimeConfiguration(environment: [
            "ASR_REDIS_URL": "redis://10.1.2.3:6400/3",
            "ASR_REDIS_KEY_PREFIX": "asr_x",
            "ASR_CACHE_TTL": "120",
            "ASR_NETWORK_TIMEOUT": "5",
        ])
        let configuration = try #require(try RedisCacheConfiguration(runtime: runtime))
        #expect(configuration.endpoint == RedisEndpoint(host: "10.1.2.3", port: 6400, database: 3))
        #expect(configuration.keyPrefix == "asr_x")
        #expect(configuration.ttl == .seconds(120))
        #expect(configuration.timeout == .seconds(5))
    }

    @Test func emptyURLTurnsL2Off() throws {
        let runtime = try RuntimeConfiguration(environment: ["ASR_REDIS_URL": ""])
        #expect(try RedisCacheConfiguration(runtime: runtime) == nil)
        #expect(try RedisCache(runtime: runtime) == nil)
    }
}
