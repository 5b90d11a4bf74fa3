import Values

/// One `urlize` call's settings, applied word by word to the escaped text.
struct URLLinker {
    var rel: String
    var target: String?
    var trimLimit: Int?
    var extraSchemes: [String]
    var call: FilterCall

    /// A web address: a scheme or `www.` with any domain, a bare domain under a few common
    /// top-level names, or a scheme with an IP address; then an optional port and path.
    private static let webPattern =
        #"^(?:(?:https?://|www\.)(?:[\w%-]+\.)*(?:[a-z]{2,63}|xn--[\w%]{2,59})"#
        + #"|(?:[\w%-]{2,63}\.)+(?:com|net|int|edu|gov|org|info|mil)"#
        + #"|https?://(?:\d{1,3}(?:\.\d{1,3}){3}|\[(?:[\da-f]{0,4}:){2}(?:[\da-f]{0,4}:?){1,6}\]))"#
        + #"(?::\d{1,5})?(?:[/?#]\S*)?$"#
    private static let emailPattern = #"^\S+@\w[\w.-]*\.\w+$"#

    func link(_ text: String) throws(TemplateFailure) -> String {
        let escaped = FilterLibrary.htmlEscape(text)
        var out = ""
        var word = ""
        var inSpace = false
        for character in escaped {
            if character.isWhitespace != inSpace {
                out += inSpace ? word : try linked(word)
                word = ""
                inSpace.toggle()
            }
            word.append(character)
        }
        out += inSpace ? word : try linked(word)
        return out
    }

    private var attributes: String {
        (rel.isEmpty ? "" : " rel=\"\(FilterLibrary.htmlEscape(rel))\"")
            + (target.map { " target=\"\(FilterLibrary.htmlEscape($0))\"" } ?? "")
    }

    private func trimmed(_ url: String) -> String {
        guard let trimLimit, url.count > trimLimit else { return url }
        return String(url.prefix(max(0, trimLimit))) + "..."
    }

    private func matches(_ pattern: String, _ text: String, ignoreCase: Bool = false) throws(TemplateFailure) -> Bool {
        let regex = try call.interpreter.regexCache.regex(pattern, ignoreCase: ignoreCase, at: call.offset)
        return try regex.firstMatch(in: text, anchored: true, within: call.interpreter.limits.maxRegexSeconds, at: call.offset)
            != nil
    }

    /// One word: opening brackets before it and closing punctuation after it stay outside the
    /// link, except closing brackets that balance ones inside the address.
    private func linked(_ word: String) throws(TemplateFailure) -> String {
        var head = ""
        var middle = Substring(word)
        while true {
            if let first = middle.first, first == "(" || first == "<" {
                head.append(first)
                middle = middle.dropFirst()
            } else if middle.hasPrefix("&lt;") {
                head += "&lt;"
                middle = middle.dropFirst(4)
            } else {
                break
            }
        }
        var tail = ""
        while true {
            if let last = middle.last, ")>.,\n".contains(last) {
                tail = String(last) + tail
                middle = middle.dropLast()
            } else if middle.hasSuffix("&gt;") {
                tail = "&gt;" + tail
                middle = middle.dropLast(4)
            } else {
                break
            }
        }
        var url = String(middle)
        for (open, close) in [("(", ")"), ("<", ">"), ("&lt;", "&gt;")] {
            let opened = PythonStrings.count(url, open)
            guard opened > PythonStrings.count(url, close) else { continue }
            for _ in 0..<min(opened, PythonStrings.count(tail, close)) {
                guard let range = tail.firstRange(of: close) else { break }
                url += tail[..<range.upperBound]
                tail = String(tail[range.upperBound...])
            }
        }
        return head + (try anchor(url)) + tail
    }

    private func anchor(_ url: String) throws(TemplateFailure) -> String {
        if try matches(Self.webPattern, url, ignoreCase: true) {
            let href = url.hasPrefix("https://") || url.hasPrefix("http://") ? url : "https://" + url
            return "<a href=\"\(href)\"\(attributes)>\(trimmed(url))</a>"
        }
        if url.hasPrefix("mailto:"), try matches(Self.emailPattern, String(url.dropFirst(7))) {
            return "<a href=\"\(url)\">\(url.dropFirst(7))</a>"
        }
        if url.contains("@"), !url.hasPrefix("www."), !url.contains(":"), try matches(Self.emailPattern, url) {
            return "<a href=\"mailto:\(url)\">\(url)</a>"
        }
        var url = url
        for scheme in extraSchemes where url != scheme && url.hasPrefix(scheme) {
            url = "<a href=\"\(url)\"\(attributes)>\(url)</a>"
        }
        return url
    }
}
