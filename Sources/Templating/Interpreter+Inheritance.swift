import Values

/// `{% extends %}`, `{% block %}` and `super()`.
extension Interpreter {
    func renderParent(_ parent: Expression, overriding nodes: [TemplateNode], into out: inout String)
        throws(TemplateFailure)
    {
        // The first template's blocks come first; each parent's are added as it is loaded.
        if inheritanceDepth == 0 { registerBlocks(in: nodes) }
        inheritanceDepth += 1
        defer { inheritanceDepth -= 1 }
        let name = try evaluate(parent).require().pythonString
        guard let path = try locateTemplate(name, at: parent.offset) else {
            throw TemplateFailure(.filterError, "template not found: \(name)", at: parent.offset)
        }
        try withFile(path, at: parent.offset) { (parentNodes) throws(TemplateFailure) in
            registerBlocks(in: parentNodes)
            try withScope { () throws(TemplateFailure) in try render(parentNodes, into: &out) }
        }
    }

    /// Adds the blocks of one template, nested ones included, after those of the templates
    /// that extend it.
    private func registerBlocks(in nodes: [TemplateNode]) {
        for node in nodes {
            guard case .block(let name, let body) = node else { continue }
            blockChains[name, default: []].append(body)
            registerBlocks(in: body)
        }
    }

    func renderBlock(named name: String, body: [TemplateNode], into out: inout String) throws(TemplateFailure) {
        if blockChains[name] == nil { blockChains[name] = [body] }
        try renderBlockLevel(name, 0, into: &out)
    }

    private func renderBlockLevel(_ name: String, _ level: Int, into out: inout String) throws(TemplateFailure) {
        guard let chain = blockChains[name], level < chain.count else { return }
        blockStack.append((name, level))
        defer { blockStack.removeLast() }
        try withScope { () throws(TemplateFailure) in try render(chain[level], into: &out) }
    }

    /// `super()`: the same block as the next template up the chain renders it.
    func renderSuper(at offset: Int) throws(TemplateFailure) -> Value {
        guard let (name, level) = blockStack.last else {
            throw .type("super() can only be called inside a block", at: offset)
        }
        guard let chain = blockChains[name], level + 1 < chain.count else {
            throw TemplateFailure(.undefined(path: "super"), "the block '\(name)' has no parent block", at: offset)
        }
        var out = ""
        try renderBlockLevel(name, level + 1, into: &out)
        return .string(out)
    }
}
