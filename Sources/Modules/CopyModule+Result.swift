import FoundationEssentials
import Values

extension CopyModule {
    /// Ansible's diff limit for file contents (MAX_FILE_SIZE_FOR_DIFF).
    static let diffLimit = 104_448

    /// A controller path as Ansible names a found source: absolute, without `.` steps.
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardized.path
    }

    /// The module's result from the program's reply: internal fields removed, the diff built in
    /// Ansible's shape (content before/after with headers, then owner/group/mode changes).
    func result(_ reply: ModuleReply, item: Item, newBytes: [UInt8]?, context: ModuleContext) -> ModuleResult {
        var values = reply.values
        let contentChanged = values["content_changed"]?.boolValue == true
        let destExisted = values["dest_existed"]?.boolValue == true
        let attributesDiff = values["attributes_diff"]
        let beforeTooLarge = values["before_too_large"]?.boolValue == true
        let sourceCopy = values["src_copy"]
        let reportedDest = values["dest"]?.stringValue ?? item.dest
        for key in [
            "content_changed", "dest_existed", "attributes_diff", "before_too_large", "needs_upload", "upload_dir",
            "src_copy",
        ] {
            values[key] = nil
        }
        // Ansible's copy (and template through it) returns a msg only when it has something to say.
        if values["msg"]?.stringValue == "" { values["msg"] = nil }
        if let output = reply.text("validate_output") { values["validate_output"] = .string(output) }
        if !reply.failed {
            values = CopyModule.ansibleShape(
                values, item: item, contentChanged: contentChanged, sourceCopy: sourceCopy,
                attributesDiff: attributesDiff, context: context)
        }

        if context.diff {
            var diffs: [Value] = []
            if contentChanged {
                var diff = ValueDict()
                let dest = reportedDest
                // Ansible names the new side after the destination when the text is `content`, after
                // the controller's file otherwise (`_get_diff_data`).
                if case .inline = item.bytes {
                    diff["after_header"] = .string(dest)
                } else {
                    diff["after_header"] = .string(CopyModule.absolutePath(item.label))
                }
                // Ansible names the destination only when it read its content (`_get_diff_data`).
                if !destExisted {
                    diff["before"] = ""
                } else if beforeTooLarge {
                    diff["dst_larger"] = .int(CopyModule.diffLimit)
                } else if let before = reply.blobs["before_content"] {
                    if before.contains(0) {
                        diff["dst_binary"] = true
                    } else {
                        diff["before_header"] = .string(dest)
                        diff["before"] = .string(String(decoding: before, as: UTF8.self))
                    }
                }
                if let after = newBytes {
                    if after.count > CopyModule.diffLimit {
                        diff["src_larger"] = .int(CopyModule.diffLimit)
                    } else if after.contains(0) {
                        diff["src_binary"] = true
                    } else {
                        diff["after"] = .string(String(decoding: after, as: UTF8.self))
                    }
                } else {
                    diff["src_larger"] = .int(CopyModule.diffLimit)
                }
                diffs.append(.dict(diff))
            }
            if !diffs.isEmpty { values["diff"] = diffs.count == 1 ? diffs[0] : .list(diffs) }
        }
        let result = ModuleResult(
            changed: reply.changed, failed: reply.failed, skipped: reply.skipped,
            message: reply.failed || values["msg"] != nil ? reply.message : nil, values: values)
        return SecretMask.apply(context.secrets, to: result)
    }

    /// The fields Ansible's copy returns, which depend on which of its parts answered: the copy
    /// module (new bytes, or any `remote_src` copy: `md5sum`, the target's copy of the source as
    /// `src`), the file module (same bytes: `path` and the file module's diff), or the action
    /// alone (`force: false` on an existing file; check mode, which only says it would change).
    static func ansibleShape(
        _ reported: ValueDict, item: Item, contentChanged: Bool, sourceCopy: Value?, attributesDiff: Value?,
        context: ModuleContext
    ) -> ValueDict {
        var values = reported
        let writeSkipped = values["msg"]?.stringValue == "file already exists"
        if case .remote(let path) = item.bytes {
            values["src"] = .string(path)
            values["path"] = nil
            if writeSkipped { values["checksum"] = nil }
            return values
        }
        if writeSkipped {
            var kept = ValueDict()
            kept["dest"] = values["dest"]
            if case .localFile = item.bytes { kept["src"] = .string(CopyModule.absolutePath(item.label)) }
            return kept
        }
        guard contentChanged else {
            values["md5sum"] = nil
            if let attributesDiff { values["diff"] = attributesDiff }
            return values
        }
        if context.checkMode {
            var kept = ValueDict()
            if let note = values["msg"] { kept["msg"] = note }
            values = kept
        } else {
            values["src"] = sourceCopy
        }
        // The action's list of content diffs, empty without --diff (filled in by the caller).
        values["diff"] = .list([])
        return values
    }
}
