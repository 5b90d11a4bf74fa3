/// Where console text goes: a file descriptor in real runs, memory in tests.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ text: String)
}
