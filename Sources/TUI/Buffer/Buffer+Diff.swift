/// A horizontal run of cells that changed between two frames.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

extension Buffer {
    /// The runs of cells in `self` that differ from `previous`. When the sizes differ, every
    /// row is one run. Continuation cells travel with the wide cell before them.
    public func changes(from previous: Buffer?) -> [CellRun] {
        guard let previous, previous.size == size else {
            return (0..<size.height).map { y in
                CellRun(x: 0, y: y, cells: Array(cells[(y * size.width)..<((y + 1) * size.width)]))
            }
        }
        var runs: [CellRun] = []
        for y in 0..<size.height {
            var x = 0
            let base = y * size.width
            while x < size.width {
                if cells[base + x] == previous.cells[base + x] { x += 1; continue }
                var start = x
                if cells[base + start].isContinuation && start > 0 { start -= 1 }
                var end = x + 1
                while end < size.width && (cells[base + end] != previous.cells[base + end] || cells[base + end].isContinuation) {
                    end += 1
                }
                if let last = runs.last, last.y == y, last.x + last.cells.count >= start {
                    let merged = Array(cells[(base + last.x)..<(base + end)])
                    runs[runs.count - 1] = CellRun(x: last.x, y: y, cells: merged)
                } else {
                    runs.append(CellRun(x: start, y: y, cells: Array(cells[(base + start)..<(base + end)])))
                }
                x = end
            }
        }
        return runs
    }
}
