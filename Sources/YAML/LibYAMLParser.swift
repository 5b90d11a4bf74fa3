internal import CYAML
import Diagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libyaml event, copied out of C memory so nothing outlives `yaml_event_delete`.
enum ParserEvent {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd
    case scalar(Scalar, tag: String?, anchor: String?, mark: Mark)
    case sequenceStart(tag: String?, anchor: String?, mark: Mark)
    case sequenceEnd
    case mappingStart(tag: String?, anchor: String?, mark: Mark)
    case mappingEnd
    case alias(name: String, mark: Mark)
}

/// The owner of one `yaml_parser_t`: it initialises the parser, feeds it the input bytes and
/// frees it in `deinit`. Events come out as Swift values; errors as a `ParserProblem`.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The whole input, kept alive for the parse; libyaml pulls it through `readChunk`.
    let input: [UInt8]
    private var readOffset = 0
    let file: String

    /// Fails only when libyaml cannot allocate its buffers.
    init?(input: [UInt8], file: String) {
        self.input = input
        self.file = file
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            return nil
        }
        // The parser is owned by `self`, so the unretained pointer outlives every read.
        yaml_parser_set_input(parser, LibYAMLParser.readChunk, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// libyaml's read callback: copies the next slice of `input` into libyaml's buffer.
    private static let readChunk: @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int, UnsafeMutablePointer<Int>?
    ) -> Int32 = { data, buffer, size, sizeRead in
        guard let data, let buffer, let sizeRead else { return 0 }
        let owner = Unmanaged<LibYAMLParser>.fromOpaque(data).takeUnretainedValue()
        let count = min(size, owner.input.count - owner.readOffset)
        if count > 0 {
            owner.input.withUnsafeBufferPointer { source in
                if let base = source.baseAddress {
                    memcpy(buffer, base + owner.readOffset, count)
                }
            }
        }
        owner.readOffset += count
        sizeRead.pointee = count
        return 1
    }

    /// The next event of the stream, or the problem libyaml stopped at.
    func next() -> Result<ParserEvent, ParserProblem> {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else {
            return .failure(problem())
        }
        defer { yaml_event_delete(&event) }
        return .success(convert(event))
    }

    private func convert(_ event: yaml_event_t) -> ParserEvent {
        let mark = self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            }
            let scalar = Scalar(text ?? "", style: Self.style(data.style))
            return .scalar(scalar, tag: Self.tag(data.tag), anchor: Self.string(data.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(tag: Self.tag(data.tag), anchor: Self.string(data.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(tag: Self.tag(data.tag), anchor: Self.string(data.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        case YAML_ALIAS_EVENT:
            return .alias(name: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        default:
            // YAML_STREAM_END_EVENT, and YAML_NO_EVENT which libyaml never returns on success.
            return .streamEnd
        }
    }

    private func problem() -> ParserProblem {
        let p = parser.pointee
        let stage: ParserProblem.Stage
        switch p.error {
        case YAML_READER_ERROR: stage = .reader
        case YAML_SCANNER_ERROR: stage = .scanner
        case YAML_PARSER_ERROR: stage = .parser
        case YAML_MEMORY_ERROR: stage = .memory
        default: stage = .other
        }
        let hasContext = p.context != nil
        return ParserProblem(
            stage: stage,
            problem: p.problem.map { String(cString: $0) } ?? "unknown YAML error",
            problemMark: stage == .reader ? nil : mark(p.problem_mark),
            context: p.context.map { String(cString: $0) },
            contextMark: hasContext ? mark(p.context_mark) : nil,
            byteOffset: Int(p.problem_offset),
            value: Int(p.problem_value))
    }

    /// libyaml counts from 0; people (and editors) count from 1.
    private func mark(_ mark: yaml_mark_t) -> Mark {
        Mark(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Tags as the user wrote them: libyaml expands `!!str` to `tag:yaml.org,2002:str`, and the
    /// short form is what later layers compare against and what messages should show.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer) else { return nil }
        let corePrefix = "tag:yaml.org,2002:"
        if tag.hasPrefix(corePrefix) {
            return "!!" + tag.dropFirst(corePrefix.utf8.count)
        }
        return tag
    }
}
