import Foundation
import Monitoring

/// What the console knows about the golden path: its steps, the last walk, and how long it
/// has been passing or failing.
public struct GoldenPathState: Hashable, Sendable {
    public var spec: GoldenPathSpec
    public var lastRun: GoldenPathRun?
    /// True from a walk's start until its result arrives.
    public var walking = false
    /// When the path last went from passing to failing or back (or the first result).
    public var since: Date?
    public var walks = 0
    public var failedWalks = 0

    public init(spec: GoldenPathSpec) { self.spec = spec }

    /// Pass, fail, or nil before the first walk.
    public var passing: Bool? { lastRun?.passed }

    mutating func record(_ run: GoldenPathRun) {
        if lastRun?.passed != run.passed || since == nil { since = run.finishedAt }
        lastRun = run
        walking = false
        walks += 1
        if !run.passed { failedWalks += 1 }
    }
}
