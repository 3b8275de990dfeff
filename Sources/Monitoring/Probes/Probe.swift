/// Runs one kind of check once.
///
/// Contract: `run` returns within `timeout` plus a small margin, whatever the remote end
/// does (hang, trickle, reset); it never throws — every failure is an outcome with a reason;
/// it stops promptly when its task is cancelled. A probe holds no state between runs.
public protocol Probe: Sendable {
    func run(timeout: Seconds) async -> ProbeOutcome
}
