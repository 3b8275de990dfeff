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

    /// Whether the path passed, as the stored timeline last said before a restart, until the
    /// first walk of this run: a walk that agrees keeps the stored `since`.
    public var restoredPassing: Bool?

    public init(spec: GoldenPathSpec) { self.spec = spec }

    /// Seeds the path's state from the stored timeline: its last break or recovery.
    mutating func restore(from timeline: [TimelineEvent]) {
        guard let last = timeline.last(where: { $0.kind == .goldenPathBroken || $0.kind == .goldenPathRecovered }) else { return }
        restoredPassing = last.kind == .goldenPathRecovered
        since = last.at
    }

    /// Pass, fail, or nil before the first walk.
    public var passing: Bool? { lastRun?.passed }

    /// What the path was last known to do: the last walk, else what the timeline said.
    var lastKnownPassing: Bool? { lastRun?.passed ?? restoredPassing }

    mutating func record(_ run: GoldenPathRun) {
        if lastKnownPassing != run.passed || since == nil { since = run.finishedAt }
        lastRun = run
        walking = false
        walks += 1
        if !run.passed { failedWalks += 1 }
    }
}
