import Testing
@testable import Monitoring

@Suite struct JSONTests {
    let doc = try! JSONValue.parse(#"{"status":"unhealthy","checks":{"db":"timeout","n":3},"phases":[{"name":"INIT"},{"name":"DATABASE","ok":false}]}"#)

    @Test func pathsReachNestedValues() {
        #expect(doc.value(at: JSONPath("status")!) == .string("unhealthy"))
        #expect(doc.value(at: JSONPath("$.checks.n")!) == .number(3))
        #expect(doc.value(at: JSONPath("phases[1].name")!) == .string("DATABASE"))
        #expect(doc.value(at: JSONPath("phases[-1].ok")!) == .bool(false))
        #expect(doc.value(at: JSONPath("phases[5].name")!) == nil)
        #expect(doc.value(at: JSONPath("status.deeper")!) == nil)
    }

    @Test func badPathsAreRejected() {
        #expect(JSONPath("a..b") == nil)
        #expect(JSONPath("a[x]") == nil)
        #expect(JSONPath("a[1") == nil)
    }

    @Test func conditionsExplainFailures() {
        let equals = JSONCondition(path: JSONPath("status")!, test: .equals(.string("healthy")))
        #expect(equals.failure(in: doc) == #"status is "unhealthy" (want "healthy")"#)
        let number = JSONCondition(path: JSONPath("checks.n")!, test: .equals(.number(3)))
        #expect(number.failure(in: doc) == nil)
        let exists = JSONCondition(path: JSONPath("checks.cache")!, test: .exists(true))
        #expect(exists.failure(in: doc) == "checks.cache is missing")
        let oneOf = JSONCondition(path: JSONPath("checks.db")!, test: .oneOf([.string("ok"), .string("degraded")]))
        #expect(oneOf.failure(in: doc) == #"checks.db is "timeout" (want one of "ok", "degraded")"#)
    }

    @Test func parseErrorsAreShort() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("<html>oops</html>") }
        do { _ = try JSONValue.parse("<html>") } catch { #expect("\(error)" == "not JSON (starts with '<html>')") }
        do { _ = try JSONValue.parse("") } catch { #expect("\(error)" == "empty") }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func booleansAndNumbersStayDistinct() throws {
        let v = try JSONValue.parse(#"{"a":true,"b":1,"c":"1"}"#)
        #expect(v["a"] == .bool(true))
        #expect(v["b"] == .number(1))
        #expect(v["c"]!.matches(.number(1)))
    }
}
