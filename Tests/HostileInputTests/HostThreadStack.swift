import Foundation

/// Runs work on a fresh thread with the stack a host thread gets (1 MiB), so that a test proves
/// hostile input is refused on the threads that really render templates and load files, not
/// only on the main thread's 8 MiB.
///
/// Unoptimized frames are many times larger (a debug build overflows 1 MiB at 40 nested
/// parentheses, an optimized one fits 200 levels), so a debug test run gets 8 MiB: the bounds
/// are set for the optimized binary that runs playbooks, and `swift test -c release` checks them
/// at the real size.
enum HostThreadStack {
    #if DEBUG
        static let bytes = 8 << 20
    #else
        static let bytes = 1 << 20
    #endif

    /// The work's result; a stack overflow would kill the whole test process, which is the
    /// failure this exists to catch.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        let box = ResultBox(work)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.run()
            finished.signal()
        }
        thread.stackSize = bytes
        thread.start()
        finished.wait()
        return box.take()
    }
}

/// The work and its result; the semaphore orders the thread's write before the caller's read.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let work: @Sendable () -> T
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) { self.work = work }

    func run() { result = work() }

    func take() -> T {
        guard let result else { preconditionFailure("the thread finished without a result") }
        return result
    }
}
