import Foundation

/// Runs async work to completion from synchronous code on the main thread, which the
/// full-screen loop keeps for itself (ncurses is owned by one thread).
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task.detached {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, Error>?
        func set(_ r: Result<T, Error>) { lock.withLock { result = r } }
        func get() throws -> T { try lock.withLock { result! }.get() }
    }
}
