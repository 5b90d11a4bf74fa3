#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// printf-style formatting of one floating-point number, as Python's `%` operator and `round`
/// define it (both follow C's printf for `f`, `e` and `g`). Calls the C library directly rather
/// than Foundation's `String(format:)`, which would pull all of Foundation into the binary.
enum CNumberFormat {
    /// `spec` is a complete printf conversion for one double, such as `%.2f` or `%+08.3e`.
    static func format(_ spec: String, _ value: Double) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let written = withVaList([value]) { arguments in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, capacity, spec, arguments) }
            }
            if written < 0 { return "" }
            if Int(written) < capacity {
                return buffer.withUnsafeBufferPointer { pointer in
                    String(decoding: UnsafeRawBufferPointer(pointer).prefix(Int(written)), as: UTF8.self)
                }
            }
            // Huge widths or precisions (`%.400f` of 1e300): grow to the size C asked for.
            capacity = Int(written) + 1
        }
    }
}
