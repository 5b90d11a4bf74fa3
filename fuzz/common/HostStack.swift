#if canImport(Glibc)
    import Glibc
#endif

/// Runs one input on a thread with a stack sized like a host thread's: templates are rendered,
/// task files loaded and module results parsed on those threads (1 MiB in the release binary), so
/// recursion that fits the fuzzer's 8 MiB main thread but not a host thread must count as a
/// crash. AddressSanitizer inflates frames unevenly: a legal 255-deep YAML mapping, which an
/// optimized build walks in under 512 KiB, needs 3 MiB here (JSON 512 deep and 99 nested
/// parentheses need 1.5 MiB). 4 MiB runs every input inside the parsers' bounds and still turns
/// unbounded recursion into a crash long before the main thread's 8 MiB would; the bounds
/// themselves are checked at 1 MiB against an optimized build by HostileInputTests
/// (`swift test -c release`). PLAYBOOK_FUZZ_STACK (bytes) overrides the size.
func onHostSizedStack(_ body: @escaping () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackBytes)
    var thread = pthread_t()
    let job = Unmanaged.passRetained(StackJob(body)).toOpaque()
    let created = pthread_create(
        &thread, &attributes,
        { raw in
            guard let raw else { return nil }
            Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, job)
    pthread_attr_destroy(&attributes)
    if created != 0 { fatalError("cannot start a thread: error \(created)") }
    pthread_join(thread, nil)
}

private let stackBytes: Int = {
    if let raw = getenv("PLAYBOOK_FUZZ_STACK"), let bytes = Int(String(cString: raw)), bytes >= 1 << 16 { return bytes }
    return 4 << 20
}()

private final class StackJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
