/// How bad an impact is, P0 (worst) to P3.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case p0 = "P0", p1 = "P1", p2 = "P2", p3 = "P3"

    /// P0 sorts first.
    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
