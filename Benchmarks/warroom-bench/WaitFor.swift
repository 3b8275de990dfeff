import Foundation

/// Runs async work to completion from synchronous code and returns its value.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = Box<T>()
    Task.detached {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Carries a value from the task to the waiting thread; the semaphore orders the accesses.
private final class Box<T>: @unchecked Sendable {
    var value: T?
}
