/// Runs one kind of check once.
///
/// Contract: it is run through `CheckScheduler.runGuarded`, which cancels it at `timeout` plus
/// a small grace whatever the remote end does (hang, trickle, reset); when cancelled it
/// returns promptly, with what it knows (how much of a body had come) in its reason. It never
/// throws — every failure is an outcome with a reason. What a probe keeps between runs (an
/// HTTP probe's last parsed body) never changes an outcome.
public protocol Probe: Sendable {
    func run(timeout: Seconds) async -> ProbeOutcome
}
