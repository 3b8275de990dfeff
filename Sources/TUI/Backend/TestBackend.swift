/// An in-memory backend for tests: keeps every presented frame, answers scripted events in
/// order, records how long each wait was asked to last, and counts the cells each `present`
/// would have sent.
public final class TestBackend: Backend {
    public var size: Size
    public let glyphs: GlyphSet
    public let colorDepth: ColorDepth
    public private(set) var frames: [Buffer] = []
    public private(set) var cellsSent: [Int] = []
    public private(set) var restored = 0
    public var events: [InputEvent]
    /// The timeout of every `nextEvent` call, in order.
    public private(set) var waits: [Int] = []
    /// Runs before each scripted event is answered (a test moves its fake clock here).
    public var beforeEvent: (Int) -> Void = { _ in }

    public init(size: Size, glyphs: GlyphSet = .unicode, colorDepth: ColorDepth = .palette256, events: [InputEvent] = []) {
        self.size = size
        self.glyphs = glyphs
        self.colorDepth = colorDepth
        self.events = events
    }

    /// The last frame presented.
    public var current: Buffer? { frames.last }

    public func present(_ buffer: Buffer) {
        cellsSent.append(buffer.changes(from: frames.last).reduce(0) { $0 + $1.cells.count })
        frames.append(buffer)
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        waits.append(timeoutMilliseconds)
        beforeEvent(timeoutMilliseconds)
        return events.isEmpty ? nil : events.removeFirst()
    }

    public func makeWaker() -> @Sendable () -> Void { {} }

    public func restore() { restored += 1 }
}
