#if canImport(Glibc)
    import Glibc
#endif

/// A dedicated OS thread that runs one host's work, one job at a time.
///
/// libssh2 calls block and a session must only be used by one thread at a time; giving each
/// host its own thread keeps those calls off Swift's cooperative pool and makes the "one thread
/// per session" rule structural rather than a convention.
final class HostThread: @unchecked Sendable {
    private let lock = Condition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private var thread = pthread_t()
    /// As deep as the main thread's default stack, since templates and lazily templated variables
    /// recurse on host threads as they do on the main one. Only touched pages cost memory, and the
    /// thread gives those back after every job, so the size is address space, not RSS.
    private let stack = ThreadStack(size: 8 << 20)
    let name: String

    init(name: String) {
        self.name = name
        let box = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        if let stack {
            pthread_attr_setstack(&attributes, stack.usable.address, stack.usable.size)
        } else {
            pthread_attr_setstacksize(&attributes, 8 << 20)
        }
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                let worker = Unmanaged<HostThread>.fromOpaque(raw!).takeRetainedValue()
                worker.loop()
                return nil
            }, box.toOpaque())
        pthread_attr_destroy(&attributes)
        precondition(created == 0, "cannot start a thread for host \(name): error \(created)")
    }

    /// Queues `job` to run on this host's thread.
    func submit(_ job: @escaping () -> Void) {
        lock.withLock {
            jobs.append(job)
            lock.signal()
        }
    }

    /// Lets queued jobs finish, then ends the thread and waits for it.
    func stop() {
        lock.withLock {
            stopping = true
            lock.signal()
        }
        pthread_join(thread, nil)
        stack?.unmap()
    }

    private func loop() {
        while true {
            let job: (() -> Void)? = lock.withLock {
                while jobs.isEmpty && !stopping { lock.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let job else { return }
            job()
            stack?.releaseUnusedPages()
        }
    }
}

/// A mutex with a condition variable: the one synchronisation primitive the executor needs.
final class Condition: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// Waits for a signal; call only while holding the lock (inside `withLock`).
    func wait() { pthread_cond_wait(&condition, &mutex) }
    func signal() { pthread_cond_signal(&condition) }
    func broadcast() { pthread_cond_broadcast(&condition) }
}

/// Bounds how many hosts work at the same moment (`--forks`). When there are more hosts than
/// forks, a host may take its place in line first (`turn()`), and slots then go in that order:
/// the order the hosts were dispatched in, as Ansible's workers take them (with `-f 1` one
/// host after the other, in inventory order).
final class ForkLimiter: @unchecked Sendable {
    private let condition = Condition()
    private var available: Int
    let limit: Int
    private var issued = 0
    private var admitted = 0

    init(forks: Int) {
        limit = max(1, forks)
        available = limit
    }

    /// A place in line for `withSlot(turn:)`; every turn taken must be used, or those behind it wait.
    func turn() -> Int {
        condition.withLock {
            issued += 1
            return issued - 1
        }
    }

    func withSlot<T>(turn: Int? = nil, _ body: () throws -> T) rethrows -> T {
        condition.withLock {
            while available == 0 || (turn != nil && turn != admitted) { condition.wait() }
            available -= 1
            if turn != nil {
                admitted += 1
                // The next in line may be waiting with a slot free.
                condition.broadcast()
            }
        }
        defer {
            condition.withLock {
                available += 1
                // Waiters in line wait for their turn, not for any slot: wake them all.
                condition.broadcast()
            }
        }
        return try body()
    }
}

/// Waits until a known number of jobs have finished.
final class CompletionGroup: @unchecked Sendable {
    private let condition = Condition()
    private var pending = 0

    func enter(_ count: Int = 1) { condition.withLock { pending += count } }

    func leave() {
        condition.withLock {
            pending -= 1
            if pending == 0 { condition.broadcast() }
        }
    }

    func wait() {
        condition.withLock {
            while pending > 0 { condition.wait() }
        }
    }
}

/// A value shared between threads behind a lock.
final class Locked<T>: @unchecked Sendable {
    private let condition = Condition()
    private var stored: T

    init(_ value: T) { stored = value }

    var value: T { condition.withLock { stored } }

    func mutate(_ change: (inout T) -> Void) {
        condition.withLock { change(&stored) }
    }
}
