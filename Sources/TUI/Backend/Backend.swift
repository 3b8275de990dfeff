/// A terminal the console draws on and reads keys from.
///
/// Contract: one thread owns a backend; `present` sends only what differs from the previous
/// frame it presented (the first frame, and the first after a resize, are sent whole);
/// `nextEvent` waits at most `timeoutMilliseconds` and returns nil when nothing happened, or
/// `.wake` as soon as the function `makeWaker` returned is called (from any thread);
/// `restore` puts the terminal back as it was and may be called more than once.
public protocol Backend: AnyObject {
    var size: Size { get }
    var glyphs: GlyphSet { get }
    var colorDepth: ColorDepth { get }
    func present(_ buffer: Buffer)
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    func makeWaker() -> @Sendable () -> Void
    func restore()
}
