import Foundation

/// The throwaway PostgreSQL server `scripts/test` starts for the tests, as it describes it in
/// `WARROOM_TEST_POSTGRES` (`host=… port=… user=… password=… dbname=…`).
public enum TestPostgres {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "WARROOM_TEST_POSTGRES is not set: run the tests with scripts/test, which starts a PostgreSQL for them" }
    }

    /// The server's settings by name. Throws, so that a test fails rather than skips without
    /// the server: these tests must run in CI.
    public static func fields() throws -> [String: String] {
        guard let text = ProcessInfo.processInfo.environment["WARROOM_TEST_POSTGRES"] else { throw Missing() }
        var fields: [String: String] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}
