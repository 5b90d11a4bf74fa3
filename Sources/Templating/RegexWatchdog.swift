#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs regular-expression matching under a time bound.
///
/// Python's `re` and the standard library's `Regex` both backtrack: `(a+)+$` against twenty
/// `a`s and a `b` runs for minutes, and the text matched is often a registered command output,
/// which a compromised host controls. A match cannot be interrupted, so it runs on a worker
/// thread while the rendering thread waits up to the bound. Past it, the render fails with a
/// limit error and the worker is left to finish alone at the lowest scheduling priority: a
/// runaway pattern costs one template, not the run. Idle workers are kept, since most matches
/// take microseconds and a thread per match would cost more than the match.
final class RegexWatchdog: @unchecked Sendable {
    static let shared = RegexWatchdog()
    private static let maximumIdleWorkers = 16

    private let lock = PlainLock()
    private var idle: [RegexWorker] = []

    /// Runs `work`; false when it did not finish within `seconds` (it keeps running, abandoned).
    func run(seconds: Double, _ work: @escaping @Sendable () -> Void) -> Bool {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        guard let worker = reused ?? RegexWorker.started() else {
            // No thread to be had: matching unguarded beats refusing every regex.
            work()
            return true
        }
        guard worker.perform(work, seconds: seconds) else { return false }
        lock.lock()
        if idle.count < Self.maximumIdleWorkers { idle.append(worker) } else { worker.retire() }
        lock.unlock()
        return true
    }
}

/// One thread that runs matches handed to it, one at a time, until it is retired or abandoned.
private final class RegexWorker: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var job: (@Sendable () -> Void)?
    private var finished = false
    private var leaving = false
    private var threadID: Int32?

    private init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if canImport(Glibc)
            // Deadlines must not move when the wall clock is set.
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// A worker whose thread is running, or nil when no thread could be created.
    static func started() -> RegexWorker? {
        let worker = RegexWorker()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // The standard library's matcher keeps its backtracking state on the heap.
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var thread = pthread_t()
        let retained = Unmanaged.passRetained(worker).toOpaque()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<RegexWorker>.fromOpaque(raw).takeRetainedValue().loop()
                return nil
            }, retained)
        pthread_attr_destroy(&attributes)
        guard created == 0 else {
            Unmanaged<RegexWorker>.fromOpaque(retained).release()
            return nil
        }
        return worker
    }

    /// Hands `work` to the thread and waits; false when the bound passed first.
    func perform(_ work: @escaping @Sendable () -> Void, seconds: Double) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let whole = min(Double(Int32.max), max(0, seconds))
        deadline.tv_sec += Int(whole)
        deadline.tv_nsec += Int((whole - whole.rounded(.down)) * 1e9)
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1
            deadline.tv_nsec -= 1_000_000_000
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        job = work
        finished = false
        pthread_cond_broadcast(condition)
        while !finished {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT, !finished {
                leaving = true
                lowerPriority()
                return false
            }
        }
        return true
    }

    /// Ends an idle worker's thread.
    func retire() {
        pthread_mutex_lock(mutex)
        leaving = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func loop() {
        pthread_mutex_lock(mutex)
        threadID = Self.currentThreadID()
        while true {
            while job == nil, !leaving { pthread_cond_wait(condition, mutex) }
            guard let work = job else { break }
            pthread_mutex_unlock(mutex)
            work()
            pthread_mutex_lock(mutex)
            job = nil
            finished = true
            pthread_cond_broadcast(condition)
            if leaving { break }
        }
        pthread_mutex_unlock(mutex)
    }

    /// Nice 19 for an abandoned match: Linux sets niceness per thread, by its thread id.
    private func lowerPriority() {
        #if os(Linux)
            if let threadID {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(threadID), 19)
            }
        #endif
    }

    /// The kernel's id of the calling thread, from `/proc/thread-self` (`<pid>/task/<tid>`).
    private static func currentThreadID() -> Int32? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = readlink("/proc/thread-self", &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return link.split(separator: "/").last.flatMap { Int32($0) }
        #else
            return nil
        #endif
    }
}
