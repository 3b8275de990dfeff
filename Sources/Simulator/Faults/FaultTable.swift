import Synchronization

/// Which path misbehaves how, shared by the routes of one simulated staging.
///
/// Contract: safe from any thread; paths are matched exactly (`/backend/health`); the admin
/// paths (`/admin/…`) can never be given a fault, so a fault can always be cleared.
public final class FaultTable: Sendable {
    private let faults: Mutex<[String: Fault]>
    private let stopped = Atomic<Bool>(false)

    public init(_ initial: [String: Fault] = [:]) {
        faults = Mutex(initial)
    }

    /// The fault on `path`, if any.
    public func fault(on path: String) -> Fault? {
        faults.withLock { $0[path] }
    }

    /// Every fault, by path.
    public var all: [String: Fault] { faults.withLock { $0 } }

    /// Puts `fault` on `path` (nil clears it); throws when the pair makes no sense.
    public func set(_ fault: Fault?, on path: String) throws(FaultRefusal) {
        if let fault { try FaultTable.check(fault, on: path) }
        faults.withLock { $0[path] = fault }
    }

    /// Whether a request held by `fault` on `path` should stay held: the fault is still set
    /// and the server is not stopping.
    func holds(_ fault: Fault, on path: String) -> Bool {
        !stopped.load(ordering: .relaxed) && self.fault(on: path) == fault
    }

    /// Lets go of every held request for good (the server is stopping).
    func releaseAll() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Clears every fault.
    public func clear() {
        faults.withLock { $0.removeAll() }
    }

    /// Why `fault` cannot go on `path`, if it cannot.
    public static func check(_ fault: Fault, on path: String) throws(FaultRefusal) {
        guard path.hasPrefix("/") else { throw FaultRefusal("a path starts with /, found '\(path)'") }
        guard !path.hasPrefix("/admin") else { throw FaultRefusal("the admin endpoints cannot be given a fault (they clear faults)") }
        if fault.isWebSocket && !path.hasPrefix("/ws/") {
            throw FaultRefusal("\(fault) applies to a WebSocket path such as /ws/chat, not \(path)")
        }
    }
}

/// A fault that cannot be set, and why.
public struct FaultRefusal: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
