#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM: the first stops new tasks from starting (running programs finish or
/// time out, reports are written, the exit code is 130); a second one ends the process at once
/// after writing the reports.
///
/// The signals are blocked in every thread and received by one thread with `sigwait`, so the
/// reaction runs as ordinary code rather than inside an async-signal handler.
enum SignalHandling {
    nonisolated(unsafe) private static var onInterrupt: (() -> Void)?
    nonisolated(unsafe) private static var installed = false

    static func install(_ action: @escaping () -> Void) {
        onInterrupt = action
        guard !installed else { return }
        installed = true
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            var count = 0
            while true {
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                count += 1
                SignalHandling.onInterrupt?()
                if count == 1 {
                    let note = "\n [ERROR]: User interrupted execution; waiting for running tasks to end\n"
                    _ = note.withCString { write(2, $0, strlen($0)) }
                } else {
                    _exit(130)
                }
            }
        }, nil)
        pthread_detach(thread)
    }
}
