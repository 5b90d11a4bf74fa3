#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex with one condition variable. Transport keeps its synchronisation on plain
/// pthreads so the binary need not link Foundation (and with it ICU, ~10 MB of resident memory)
/// for a lock; the package also supports platforms older than the standard library's `Mutex`.
final class PlainLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        #if canImport(Glibc)
            // Timed waits measure against the monotonic clock, so a wall-clock jump cannot
            // stretch or cut a wait short.
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        #else
            pthread_cond_init(condition, nil)
        #endif
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (the lock held) until signalled or `seconds` have passed.
    func wait(seconds: Double) {
        #if canImport(Glibc)
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let whole = Int(seconds)
            var nanoseconds = Int(now.tv_nsec) + Int((seconds - Double(whole)) * 1_000_000_000)
            var deadline = timespec()
            deadline.tv_sec = now.tv_sec + whole + nanoseconds / 1_000_000_000
            nanoseconds %= 1_000_000_000
            deadline.tv_nsec = nanoseconds
            _ = pthread_cond_timedwait(condition, mutex, &deadline)
        #else
            var relative = timespec()
            relative.tv_sec = Int(seconds)
            relative.tv_nsec = Int((seconds - Double(Int(seconds))) * 1_000_000_000)
            _ = pthread_cond_timedwait_relative_np(condition, mutex, &relative)
        #endif
    }

    /// Waits (the lock held) until signalled.
    func wait() { pthread_cond_wait(condition, mutex) }

    func broadcast() { pthread_cond_broadcast(condition) }
}
