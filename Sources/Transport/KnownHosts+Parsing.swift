extension KnownHosts {
    enum ParsedLine {
        case entry(Entry)
        case blank
        case problem(column: Int, message: String)
    }

    static func parseLine(_ raw: Substring, file: String, line: Int) -> ParsedLine {
        let text = raw.hasSuffix("\r") ? raw.dropLast() : raw
        let fields = splitFields(text)
        guard let first = fields.first, !first.text.hasPrefix("#") else { return .blank }
        var index = 0
        var marker = Entry.Marker.none
        if first.text.hasPrefix("@") {
            guard let known = Entry.Marker(rawValue: String(first.text)), known != .none else {
                return .problem(column: first.column, message: "unknown marker '\(first.text)'")
            }
            marker = known
            index = 1
        }
        guard fields.count >= index + 3 else {
            return .problem(
                column: fields.last.map { $0.column + $0.text.count } ?? 1,
                message: "expected host patterns, key type and base64 key")
        }
        let hostField = fields[index]
        let typeField = fields[index + 1]
        let keyField = fields[index + 2]
        guard let hosts = parseHostField(hostField.text) else {
            return .problem(column: hostField.column, message: "malformed hashed host '\(hostField.text)'")
        }
        guard let blob = Base64.decode(keyField.text), !blob.isEmpty else {
            return .problem(column: keyField.column, message: "key is not valid base64")
        }
        let keyType = String(typeField.text)
        guard Fingerprint.keyType(ofBlob: blob) == keyType, isWellFormedKeyBlob(blob) else {
            return .problem(column: typeField.column, message: "key type '\(keyType)' does not match the key")
        }
        return .entry(Entry(marker: marker, hosts: hosts, keyType: keyType, keyBlob: blob, file: file, line: line))
    }

    static func parseHostField(_ text: Substring) -> HostField? {
        guard text.hasPrefix("|") else {
            return .patterns(text.split(separator: ",").map(String.init))
        }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        // "|1|salt|hash" splits into ["", "1", salt, hash].
        guard parts.count == 4, parts[1] == "1", let salt = Base64.decode(parts[2]),
            let hash = Base64.decode(parts[3]), hash.count == 20
        else { return nil }
        return .hashed(salt: salt, hash: hash)
    }

    /// Whitespace-separated fields with their 1-based columns.
    static func splitFields(_ text: Substring) -> [(text: Substring, column: Int)] {
        let bytes = text.utf8
        // On an ASCII line a byte is a character, and walking bytes is many times cheaper.
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return fields(of: text, walking: bytes) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        }
        return fields(of: text, walking: text) { $0 == " " || $0 == "\t" }
    }

    /// The fields of `text`, walking `view` (its characters or its bytes) for the separators.
    private static func fields<View: Collection>(
        of text: Substring, walking view: View, isSpace: (View.Element) -> Bool
    ) -> [(text: Substring, column: Int)] where View.Index == Substring.Index {
        var fields: [(Substring, Int)] = []
        var start: Substring.Index?
        var column = 0
        var startColumn = 0
        for index in view.indices {
            column += 1
            let separator = isSpace(view[index])
            if separator, let begin = start {
                fields.append((text[begin..<index], startColumn))
                start = nil
            } else if !separator, start == nil {
                start = index
                startColumn = column
            }
        }
        if let begin = start { fields.append((text[begin...], startColumn)) }
        return fields
    }

    /// A public key blob is a sequence of length-prefixed fields (type, then key material) that
    /// ends exactly at the end of the blob; a truncated or padded blob is not a key.
    static func isWellFormedKeyBlob(_ blob: [UInt8]) -> Bool {
        var reader = WireReader(bytes: blob, offset: 0)
        var fields = 0
        while reader.offset < blob.count {
            guard reader.string() != nil else { return false }
            fields += 1
        }
        return fields >= 2
    }

    /// The line OpenSSH writes for a newly accepted host: `name type base64`.
    static func line(forName name: String, keyBlob: [UInt8]) -> String? {
        guard let type = Fingerprint.keyType(ofBlob: keyBlob) else { return nil }
        return "\(name) \(type) \(Base64.encode(keyBlob))"
    }
}
