extension KnownHosts {
    enum ParsedLine {
        case entry(Entry)
        case blank
        case problem(column: Int, message: String)
    }

    /// One line, as byte ranges: only what an entry keeps becomes a String or an array. Spaces
    /// and tabs are single bytes in UTF-8, so fields split the same way for any text. A known_hosts
    /// file is parsed once per run, but a fleet's has hundreds of lines, and walking each line's
    /// characters (String indices, a Substring per field) cost more controller instructions than
    /// the rest of a 10-host no-change run.
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>, file: String, number: Int) -> ParsedLine {
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var fields: [Range<Int>] = []
        fields.reserveCapacity(5)
        var start: Int?
        for index in 0..<end {
            let byte = line[index]
            let separator = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            if separator, let begin = start {
                fields.append(begin..<index)
                start = nil
            } else if !separator, start == nil {
                start = index
            }
        }
        if let begin = start { fields.append(begin..<end) }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self) }
        // Columns count characters: on an ASCII prefix (nearly always) the byte offset says it.
        func column(_ offset: Int) -> Int {
            let prefix = UnsafeBufferPointer(rebasing: line[0..<offset])
            if prefix.allSatisfy({ $0 < 0x80 }) { return offset + 1 }
            return String(decoding: prefix, as: UTF8.self).count + 1
        }
        guard let first = fields.first, line[first.lowerBound] != UInt8(ascii: "#") else { return .blank }
        var index = 0
        var marker = Entry.Marker.none
        if line[first.lowerBound] == UInt8(ascii: "@") {
            guard let known = Entry.Marker(rawValue: text(first)), known != .none else {
                return .problem(column: column(first.lowerBound), message: "unknown marker '\(text(first))'")
            }
            marker = known
            index = 1
        }
        guard fields.count >= index + 3 else {
            return .problem(
                column: fields.last.map { column($0.upperBound) } ?? 1, message: "expected host patterns, key type and base64 key")
        }
        let hostField = fields[index]
        let typeField = fields[index + 1]
        let keyField = fields[index + 2]
        guard let hosts = parseHostField(UnsafeBufferPointer(rebasing: line[hostField])) else {
            return .problem(column: column(hostField.lowerBound), message: "malformed hashed host '\(text(hostField))'")
        }
        guard let blob = Base64.decode(bytes: UnsafeBufferPointer(rebasing: line[keyField])), !blob.isEmpty else {
            return .problem(column: column(keyField.lowerBound), message: "key is not valid base64")
        }
        guard blobNamesType(blob, UnsafeBufferPointer(rebasing: line[typeField])), isWellFormedKeyBlob(blob) else {
            return .problem(column: column(typeField.lowerBound), message: "key type '\(text(typeField))' does not match the key")
        }
        return .entry(Entry(marker: marker, hosts: hosts, keyType: text(typeField), keyBlob: blob, file: file, line: number))
    }

    /// The first field: comma-separated patterns, or `|1|salt|hash`.
    static func parseHostField(_ field: UnsafeBufferPointer<UInt8>) -> HostField? {
        guard field.first == UInt8(ascii: "|") else {
            var patterns: [String] = []
            var begin = 0
            for index in 0...field.count where index == field.count || field[index] == UInt8(ascii: ",") {
                if index > begin {
                    patterns.append(String(decoding: UnsafeBufferPointer(rebasing: field[begin..<index]), as: UTF8.self))
                }
                begin = index + 1
            }
            return .patterns(patterns)
        }
        // "|1|salt|hash": four parts, the first empty.
        let bars = field.indices.filter { field[$0] == UInt8(ascii: "|") }
        guard bars.count == 3, bars[1] == 2, field[1] == UInt8(ascii: "1"),
            let salt = Base64.decode(bytes: UnsafeBufferPointer(rebasing: field[(bars[1] + 1)..<bars[2]])),
            let hash = Base64.decode(bytes: UnsafeBufferPointer(rebasing: field[(bars[2] + 1)...])), hash.count == 20
        else { return nil }
        return .hashed(salt: salt, hash: hash)
    }

    /// Whether the blob's own type name (its first length-prefixed string) is `type`.
    static func blobNamesType(_ blob: [UInt8], _ type: UnsafeBufferPointer<UInt8>) -> Bool {
        guard blob.count >= 4 else { return false }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length == type.count, length > 0, length <= 64, blob.count >= 4 + length else { return false }
        for offset in 0..<length {
            let byte = blob[4 + offset]
            guard byte > 0x20, byte < 0x7f, byte == type[offset] else { return false }
        }
        return true
    }

    /// A host name as the index keys it: lowercased (ASCII names, nearly all, without a copy
    /// through Unicode case mapping when they have no capital).
    static func indexKey(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && ($0 <= UInt8(ascii: "Z") || $0 >= 0x80) }) else {
            return name
        }
        return name.lowercased()
    }

    /// Patterns that a plain name lookup cannot answer: negated or with wildcards.
    static func needsPatternMatching(_ pattern: String) -> Bool {
        pattern.utf8.first == UInt8(ascii: "!")
            || pattern.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }

    /// A public key blob is a sequence of length-prefixed fields (type, then key material) that
    /// ends exactly at the end of the blob; a truncated or padded blob is not a key.
    static func isWellFormedKeyBlob(_ blob: [UInt8]) -> Bool {
        var offset = 0
        var fields = 0
        while offset < blob.count {
            guard offset + 4 <= blob.count else { return false }
            let length = Int(blob[offset]) << 24 | Int(blob[offset + 1]) << 16 | Int(blob[offset + 2]) << 8 | Int(blob[offset + 3])
            guard length <= blob.count - offset - 4 else { return false }
            offset += 4 + length
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
