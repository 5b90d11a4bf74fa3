#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

extension FilterLibrary {
    /// Ansible's `to_uuid` namespace (lib/ansible/plugins/filter/core.py, UUID_NAMESPACE_ANSIBLE).
    static let ansibleUUIDNamespace = "361e6d51-faec-444a-9079-341386da8e2e"

    static let hashFilters: [String: FilterFunction] = [
        "hash": { call throws(TemplateFailure) in
            let name = try call.string(0, "hashtype", default: "sha1")
            guard let algorithm = Digest.Algorithm(rawValue: name.lowercased()) else {
                throw call.fail("unsupported hash type '\(name)'; use one of md5, sha1, sha256, sha512")
            }
            return .string(Digest.hex(Digest.hash(algorithm, Array(call.input.pythonString.utf8))))
        },
        "checksum": { call throws(TemplateFailure) in .string(Digest.hex(Digest.sha1(Array(call.input.pythonString.utf8)))) },
        "sha1": { call throws(TemplateFailure) in .string(Digest.hex(Digest.sha1(Array(call.input.pythonString.utf8)))) },
        "md5": { call throws(TemplateFailure) in .string(Digest.hex(Digest.md5(Array(call.input.pythonString.utf8)))) },
        "password_hash": { call throws(TemplateFailure) in
            let type = try call.string(0, "hashtype", default: "sha512")
            let isSHA512: Bool
            switch type {
            case "sha512", "sha512_crypt": isSHA512 = true
            case "sha256", "sha256_crypt": isSHA512 = false
            default: throw call.fail("unsupported hash type '\(type)'; use sha512 or sha256 (SHA-crypt)")
            }
            let salt: String
            if let given = call.argument(1, "salt"), !given.isNull {
                salt = given.pythonString
                guard salt.utf8.allSatisfy(isSaltByte) else {
                    throw call.fail("the salt may contain only letters, digits, '.' and '/'")
                }
            } else {
                let size = try call.int(2, "salt_size", default: 16)
                salt = randomSalt(count: min(max(size, 1), 16))
            }
            var rounds: Int?
            if let given = call.argument(3, "rounds"), !given.isNull {
                guard case .int(let count) = given else { throw call.fail("rounds must be an integer") }
                rounds = count
            }
            let password = Array(call.input.pythonString.utf8)
            // SHA-crypt hashes the password again in every round: many rounds of a long password
            // (or a billion rounds of a short one) would stall the controller for hours.
            let roundCount = min(
                max(rounds ?? SHACrypt.defaultRounds, SHACrypt.roundsRange.lowerBound), SHACrypt.roundsRange.upperBound)
            let allowed = call.interpreter.limits.maxHashRounds
            if roundCount * (password.count / 64 + 1) > allowed {
                throw TemplateFailure(
                    .limit, "password_hash with \(roundCount) rounds of a \(password.count)-byte password exceeds the "
                        + "limit of \(allowed) rounds per 64 bytes", at: call.offset)
            }
            return .string(SHACrypt.hash(password: password, salt: salt, rounds: rounds, sha512: isSHA512))
        },
        "to_uuid": { call throws(TemplateFailure) in
            let namespace = try call.string(0, "namespace", default: ansibleUUIDNamespace)
            guard let namespaceBytes = uuidBytes(namespace) else { throw call.fail("'\(namespace)' is not a UUID") }
            var digest = Array(Digest.sha1(namespaceBytes + Array(call.input.pythonString.utf8)).prefix(16))
            digest[6] = (digest[6] & 0x0f) | 0x50
            digest[8] = (digest[8] & 0x3f) | 0x80
            let hex = Array(Digest.hex(digest))
            return .string([0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-"))
        },
        "to_datetime": { call throws(TemplateFailure) in
            let format = try call.string(0, "format", default: "%Y-%m-%d %H:%M:%S")
            switch PythonTime.parse(call.input.pythonString, format: format) {
            case .success(let time): return PythonTime.dateTime(time).value
            case .failure(let error): throw call.fail(error.message)
            }
        },
        "strftime": { call throws(TemplateFailure) in
            var seconds = time(nil)
            if let given = call.argument(0, "second"), !given.isNull {
                // float(second), so the text of ansible_date_time.epoch is taken too.
                let number = PythonSemantics.number(given)?.asDouble ?? given.stringValue.flatMap { pythonFloat(PythonStrings.trimmed($0)) }
                guard let number, number.isFinite, number.magnitude < 1e17 else {
                    throw call.fail("Invalid value for epoch value (\(given.pythonString))")
                }
                seconds = time_t(number.rounded(.down))
            }
            return .string(
                try formatTime(call.input.pythonString, seconds, utc: call.bool(1, "utc", default: false), at: call.offset))
        },
    ]

    private static func isSaltByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "/"):
            return true
        default: return false
        }
    }

    private static func randomSalt(count: Int) -> String {
        let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// `361e6d51-faec-…` as its 16 bytes.
    private static func uuidBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.lowercased().utf8.filter { $0 != UInt8(ascii: "-") })
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// C's strftime on local time or UTC, which Python's `time.strftime` also calls.
    static func formatTime(_ format: String, _ seconds: time_t, utc: Bool, at offset: Int) throws(TemplateFailure) -> String {
        var moment = seconds
        var parts = tm()
        guard (utc ? gmtime_r(&moment, &parts) : localtime_r(&moment, &parts)) != nil else {
            throw TemplateFailure(.filterError, "time \(seconds) is out of range", at: offset)
        }
        var buffer = [CChar](repeating: 0, count: 1024)
        let count = strftime(&buffer, buffer.count, format, &parts)
        guard count > 0 || format.isEmpty else {
            throw TemplateFailure(.filterError, "the formatted time is empty or longer than 1 KiB", at: offset)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
