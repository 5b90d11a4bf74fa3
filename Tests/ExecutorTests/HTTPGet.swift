import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `GET / HTTP/1.0` over a plain TCP socket: what a browser would get from a host, seen from
/// the controller without any HTTP library in between.
enum HTTPGet {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var statusLine: String
        var body: String
    }

    static func fetch(address: String, port: UInt16, path: String = "/", timeoutSeconds: Int = 10) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &target.sin_addr) == 1 else { throw Failure(description: "bad address \(address)") }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect \(address):\(port): errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(address)\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { throw Failure(description: "send: errno \(errno)") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 { throw Failure(description: "recv: errno \(errno)") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no HTTP header in \(text)") }
        let statusLine = text[..<split.lowerBound].components(separatedBy: "\r\n")[0]
        return Response(statusLine: statusLine, body: String(text[split.upperBound...]))
    }
}
