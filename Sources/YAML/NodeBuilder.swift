import Diagnostics

/// Builds the `Node` tree of one document from parser events, without recursion: open
/// collections are frames on an explicit stack and their finished children wait in one flat
/// buffer, so a 10,000-deep document costs a few frames before the depth bound stops it.
///
/// Aliases are resolved here to a copy of the anchored node (its arrays are shared, not copied).
/// The size and height of every subtree are tracked as numbers, so the expanded size and depth of
/// a document are known without expanding anything: an alias bomb is refused in microseconds.
struct NodeBuilder {
    /// A problem that ends the parse (a limit, an undefined alias); carries its diagnostic.
    struct Stop: Error {
        var diagnostic: Diagnostic
    }

    private struct Frame {
        let isMapping: Bool
        let mark: Mark
        let tag: String?
        let anchor: String?
        /// Where this collection's children begin in `children`.
        let childStart: Int
        /// Nodes in this subtree with aliases expanded, this node included.
        var size = 1
        /// Levels in this subtree with aliases expanded, this node included.
        var height = 1
        /// Keys written so far, by text, with where they were first written.
        var seenKeys: [String: Mark] = [:]
        var pendingKeyIsMerge = false
    }

    private struct Anchored {
        let node: Node
        let size: Int
        let height: Int
    }

    let limits: YAMLLimits
    /// Problems that do not stop the parse (duplicate keys, bad tags), so a file reports all of them.
    private(set) var diagnostics: [Diagnostic] = []
    private var frames: [Frame] = []
    private var children: [Node] = []
    private var anchors: [String: Anchored] = [:]
    private var expandedNodes = 0
    private var root: Node?

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    /// Anchors and the expansion count belong to one document.
    mutating func startDocument() {
        frames.removeAll()
        children.removeAll()
        anchors.removeAll()
        expandedNodes = 0
        root = nil
    }

    mutating func finishDocument() -> Node? {
        defer { root = nil }
        return root
    }

    mutating func scalar(_ scalar: Scalar, tag: String?, anchor: String?, mark: Mark) throws(Stop) {
        try checkDepth(frames.count + 1, at: mark, alias: nil)
        try count(1, at: mark, alias: nil)
        let node = Node(.scalar(scalar), mark: mark, tag: tag)
        if let problem = NodeCheck.tagProblem(node) { diagnostics.append(problem) }
        attach(node, size: 1, height: 1, writtenAt: mark, anchor: anchor)
    }

    mutating func startCollection(isMapping: Bool, tag: String?, anchor: String?, mark: Mark) throws(Stop) {
        try checkDepth(frames.count + 1, at: mark, alias: nil)
        try count(1, at: mark, alias: nil)
        frames.append(
            Frame(isMapping: isMapping, mark: mark, tag: tag, anchor: anchor, childStart: children.count))
    }

    mutating func endCollection() {
        guard let frame = frames.popLast() else { return }
        let items = Array(children[frame.childStart...])
        children.removeSubrange(frame.childStart...)
        let kind: Node.Kind
        if frame.isMapping {
            var pairs: [Pair] = []
            pairs.reserveCapacity(items.count / 2)
            var index = 0
            while index + 1 < items.count {
                pairs.append(Pair(key: items[index], value: items[index + 1]))
                index += 2
            }
            kind = .mapping(pairs)
        } else {
            kind = .sequence(items)
        }
        let node = Node(kind, mark: frame.mark, tag: frame.tag)
        if let problem = NodeCheck.tagProblem(node) { diagnostics.append(problem) }
        attach(node, size: frame.size, height: frame.height, writtenAt: frame.mark, anchor: frame.anchor)
    }

    mutating func alias(_ name: String, mark: Mark) throws(Stop) {
        guard let anchored = anchors[name] else {
            throw Stop(diagnostic: undefinedAlias(name, at: mark))
        }
        try checkDepth(frames.count + anchored.height, at: mark, alias: name)
        try count(anchored.size, at: mark, alias: name)
        attach(anchored.node, size: anchored.size, height: anchored.height, writtenAt: mark, anchor: nil)
    }

    /// Adds a finished node to the open collection, or makes it the document root.
    private mutating func attach(_ node: Node, size: Int, height: Int, writtenAt mark: Mark, anchor: String?) {
        if let anchor {
            anchors[anchor] = Anchored(node: node, size: size, height: height)
        }
        guard let top = frames.indices.last else {
            root = node
            return
        }
        if frames[top].isMapping {
            if (children.count - frames[top].childStart) % 2 == 0 {
                checkKey(node, inFrame: top)
            } else if frames[top].pendingKeyIsMerge, let problem = NodeCheck.mergeProblem(node, writtenAt: mark) {
                diagnostics.append(problem)
            }
        }
        children.append(node)
        frames[top].size += size
        frames[top].height = max(frames[top].height, height + 1)
    }

    private mutating func checkKey(_ key: Node, inFrame index: Int) {
        guard let scalar = key.scalar else {
            frames[index].pendingKeyIsMerge = false
            diagnostics.append(NodeCheck.nonScalarKey(key, in: frames[index].mark))
            return
        }
        frames[index].pendingKeyIsMerge =
            scalar.style == .plain && scalar.text == "<<" && (key.tag == nil || key.tag == "!!merge")
        if let first = frames[index].seenKeys[scalar.text] {
            diagnostics.append(NodeCheck.duplicateKey(scalar.text, at: key.mark, first: first))
        } else {
            frames[index].seenKeys[scalar.text] = key.mark
        }
    }

    private func checkDepth(_ depth: Int, at mark: Mark, alias: String?) throws(Stop) {
        guard depth > limits.maxDepth else { return }
        let what = alias.map { "alias '*\($0)' expands to nesting" } ?? "nesting is"
        throw Stop(
            diagnostic: .error(
                .limit, "\(what) deeper than \(limits.maxDepth) levels", at: mark,
                hint: "no real playbook nests this deep; flatten the structure"))
    }

    private mutating func count(_ nodes: Int, at mark: Mark, alias: String?) throws(Stop) {
        expandedNodes += nodes
        guard expandedNodes > limits.maxAliasExpansion else { return }
        let limit = limits.maxAliasExpansion
        if let alias {
            throw Stop(
                diagnostic: .error(
                    .limit, "alias '*\(alias)' expands the document to more than \(limit) nodes", at: mark,
                    hint: "every alias is a full copy of its anchor; aliases of aliases multiply "
                        + "(an alias bomb)"))
        }
        throw Stop(
            diagnostic: .error(
                .limit, "the document has more than \(limit) nodes", at: mark,
                hint: "split the data into several files"))
    }

    private func undefinedAlias(_ name: String, at mark: Mark) -> Diagnostic {
        if let open = frames.last(where: { $0.anchor == name }) {
            return .error(
                .undefined, "alias '*\(name)' refers to the node that contains it", at: mark,
                hint: "recursive structures are not supported",
                notes: [Diagnostic.Note(mark: open.mark, message: "anchor '&\(name)' starts here")])
        }
        let hint =
            Suggestion.didYouMean(name, in: anchors.keys)
            ?? "define the anchor with '&\(name)' before the alias uses it"
        return .error(.undefined, "undefined alias '*\(name)'", at: mark, hint: hint)
    }
}
