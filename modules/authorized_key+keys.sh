# authorized_key, keys: the awk program that reads the file (its input) and the keys asked for
# (AK_KEYS, one per line) and decides. It prints `write` (and writes the new content to
# AK_OUT), `keep`, or `invalid LINE` for a key line it cannot read.
#
# The file is read as ansible.posix reads it: an ordered table keyed by a key's blob, or by
# the whole line for comments and lines that are no key; a repeated entry keeps its first
# place in the table and the rank (line number) of its last line; an entry removed and added
# again goes to the end. The new content lists the entries by rank, the table's order among
# equal ranks; a key asked for that was not there ranks after the file's entries.

# shellcheck disable=SC2016
AK_AWK='
BEGIN {
    split("sk-ecdsa-sha2-nistp256@openssh.com sk-ecdsa-sha2-nistp256-cert-v01@openssh.com webauthn-sk-ecdsa-sha2-nistp256@openssh.com ecdsa-sha2-nistp256 ecdsa-sha2-nistp256-cert-v01@openssh.com ecdsa-sha2-nistp384 ecdsa-sha2-nistp384-cert-v01@openssh.com ecdsa-sha2-nistp521 ecdsa-sha2-nistp521-cert-v01@openssh.com sk-ssh-ed25519@openssh.com sk-ssh-ed25519-cert-v01@openssh.com ssh-ed25519 ssh-ed25519-cert-v01@openssh.com ssh-dss ssh-rsa ssh-xmss@openssh.com ssh-xmss-cert-v01@openssh.com rsa-sha2-256 rsa-sha2-512 ssh-rsa-cert-v01@openssh.com rsa-sha2-256-cert-v01@openssh.com rsa-sha2-512-cert-v01@openssh.com ssh-dss-cert-v01@openssh.com", t, " ")
    for (i in t) types[t[i]] = 1
    entries = 0
}

# Sets P_kind (1 a key, 0 a comment line, -1 no key), P_type, P_blob, P_opts, P_comment.
function parse(line,   n, i, j, parts) {
    gsub(/\\#/, "#", line)
    P_line = line
    n = split(line, parts)
    if (n > 0 && parts[1] == "#") { P_kind = 0; return }
    for (i = 1; i <= n && !(parts[i] in types); i++) ;
    if (i >= n) { P_kind = -1; return }
    P_kind = 1; P_type = parts[i]; P_blob = parts[i + 1]
    P_opts = ""
    for (j = 1; j < i; j++) P_opts = P_opts (j > 1 ? " " : "") parts[j]
    P_opts = options(P_opts)
    P_comment = ""
    for (j = i + 2; j <= n; j++) P_comment = P_comment (j > i + 2 ? " " : "") parts[j]
}

# The options split at commas outside quotes, each `NAME\035VALUE` or `NAME\036` (no value),
# joined by SUBSEP.
function options(text,   out, cur, q, i, c) {
    out = ""; cur = ""; q = ""
    for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        if (q != "") { cur = cur c; if (c == q) q = "" }
        else if (c == "\"" || c == "\047") { q = c; cur = cur c }
        else if (c == ",") { out = option(out, cur); cur = "" }
        else cur = cur c
    }
    return option(out, cur)
}
function option(out, part,   k) {
    if (part == "") return out
    k = index(part, "=")
    part = k ? substr(part, 1, k - 1) "\035" substr(part, k + 1) : part "\036"
    return out == "" ? part : out SUBSEP part
}
function option_name(part) { return substr(part, 1, match(part, /[\035\036]/) - 1) }
function option_text(part) {
    if (substr(part, length(part)) == "\036") return substr(part, 1, length(part) - 1)
    sub(/\035/, "=", part)
    return part
}

# Options are equal as Python dicts of lists are: the same names, each with the same values
# in the same order; the order of the names does not matter.
function same_options(a, b,   na, nb, pa, pb, i, j, name, sa, sb) {
    na = a == "" ? 0 : split(a, pa, SUBSEP)
    nb = b == "" ? 0 : split(b, pb, SUBSEP)
    if (na != nb) return 0
    for (i = 1; i <= na; i++) {
        name = option_name(pa[i]); sa = ""; sb = ""
        for (j = 1; j <= na; j++) if (option_name(pa[j]) == name) sa = sa SUBSEP pa[j]
        for (j = 1; j <= nb; j++) if (option_name(pb[j]) == name) sb = sb SUBSEP pb[j]
        if (sa != sb) return 0
    }
    return 1
}

function put(id, rank) {
    if (!(id in place)) { order[++entries] = id; place[id] = entries }
    kind[id] = P_kind; ltext[id] = P_line; ktype[id] = P_type; blob[id] = P_blob
    opts[id] = P_opts; comment[id] = P_comment; ranks[id] = rank
}
function drop(id) { delete place[id] }

{
    parse($0)
    if (P_kind != 1) P_line = $0
    put(P_kind == 1 ? "K" P_blob : "L" P_line, FNR - 1)
    if (P_kind == 1) known++
    lines = FNR
}

END {
    for (id in place) existing++
    count = split(ENVIRON["AK_KEYS"], asked, "\n")
    rank = 0; write = 0
    for (i = 1; i <= count; i++) {
        if (asked[i] == "" || substr(asked[i], 1, 1) == "#") continue
        parse(asked[i])
        if (P_kind != 1) { print "invalid " asked[i]; exit 0 }
        if (ENVIRON["AK_HAS_OPTIONS"] == "1") P_opts = options(ENVIRON["AK_OPTIONS"])
        if (ENVIRON["AK_HAS_COMMENT"] == "1") P_comment = ENVIRON["AK_COMMENT"]
        id = "K" P_blob
        matched = 0; differs = 0
        if (id in place) {
            if (ENVIRON["AK_STATE"] == "present" && (ktype[id] != P_type || comment[id] != P_comment || !same_options(opts[id], P_opts))) differs = 1
            else matched = 1
        }
        if (ENVIRON["AK_STATE"] == "present") {
            wanted[id] = 1
            if (differs) { drop(id); write = 1 }
            if (!matched) { put(id, existing + rank); write = 1 }
        } else if (matched) { drop(id); write = 1 }
        rank++
    }
    if (ENVIRON["AK_STATE"] == "present" && ENVIRON["AK_EXCLUSIVE"] == "1") {
        for (id in place) if (!(id in wanted)) { drop(id); write = 1 }
    }
    if (!write) { print "keep"; exit 0 }
    n = 0
    for (i = 1; i <= entries; i++) if (order[i] in place && place[order[i]] == i) list[++n] = order[i]
    for (i = 2; i <= n; i++) {
        id = list[i]
        for (j = i - 1; j >= 1 && ranks[list[j]] > ranks[id]; j--) list[j + 1] = list[j]
        list[j + 1] = id
    }
    out = ENVIRON["AK_OUT"]
    printf "" > out
    for (i = 1; i <= n; i++) {
        id = list[i]
        if (kind[id] != 1) {
            # A line kept as it was; the last line of a file without a newline stays without one
            # while it stays last (ansible.posix would glue the next key to it).
            nl = "\n"
            if (i == n && ranks[id] == lines - 1 && ENVIRON["AK_LAST_NEWLINE"] == "0") nl = ""
            printf "%s%s", ltext[id], nl > out
            continue
        }
        line = ""
        if (opts[id] != "") {
            np = split(opts[id], parts, SUBSEP)
            for (j = 1; j <= np; j++) line = line (j > 1 ? "," : "") option_text(parts[j])
            line = line " "
        }
        printf "%s%s %s %s\n", line, ktype[id], blob[id], comment[id] > out
    }
    close(out)
    print "write"
}'
