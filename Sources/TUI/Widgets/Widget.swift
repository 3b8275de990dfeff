/// Something that draws itself into a rectangle of a buffer.
///
/// Contract: a widget writes only inside `area` (clipped to the buffer), never fails, and
/// draws something sensible, possibly nothing, for any size including zero.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer)
}
