# stat: facts about one path, in the shape of Ansible's stat module (`stat.exists`,
# `stat.isdir`, `stat.mode`, `stat.checksum`, …). Reads only; never changes anything.

# The names Ansible gives lsattr's flag letters, as a JSON list's items.
attribute_names() {
    names=''
    rest=$1
    while [ -n "$rest" ]; do
        letter=${rest%"${rest#?}"}
        rest=${rest#?}
        case $letter in
        A) name=noatime ;; a) name=append ;; c) name=compressed ;; C) name=nocow ;; d) name=nodump ;;
        D) name=dirsync ;; e) name=extents ;; E) name=encrypted ;; h) name=blocksize ;; i) name=immutable ;;
        I) name=indexed ;; j) name=journalled ;; N) name=inline ;; s) name=zero ;; S) name=synchronous ;;
        t) name=notail ;; T) name=blockroot ;; u) name=undelete ;; X) name=compressedraw ;; Z) name=compresseddirty ;;
        *) continue ;;
        esac
        names="$names${names:+,}\"$name\""
    done
    printf '%s' "$names"
}

# Appends `,"$1":true` to $o when $2 is non-zero, `,"$1":false` otherwise: a subshell per
# flag, as `$(…)` around a function would be, cost more than the rest of the program.
add_flag() { if [ "$2" -ne 0 ]; then o="$o,\"$1\":true"; else o="$o,\"$1\":false"; fi; }

pb_probe() {
    case $pb_checksum_algorithm in
    md5 | sha1 | sha224 | sha256 | sha384 | sha512) ;;
    *) pb_fail "unsupported checksum algorithm: $pb_checksum_algorithm" ;;
    esac
    if [ "$pb_follow" = 1 ]; then
        st_out=$(stat -L -c '%f %u %g %s %i %d %h %.9X %.9Y %.9Z %b %o %t %T %U %G' -- "$pb_path" 2>&1)
    else
        st_out=$(stat -c '%f %u %g %s %i %d %h %.9X %.9Y %.9Z %b %o %t %T %U %G' -- "$pb_path" 2>&1)
    fi || {
        if [ -e "$pb_path" ] || [ -L "$pb_path" ]; then
            pb_fail "cannot stat $pb_path: $st_out"
        fi
        st_out=
    }
}

pb_report() {
    if [ -z "$st_out" ]; then
        pb_add_raw stat '{"exists":false}'
        return
    fi
    # shellcheck disable=SC2086
    set -- $st_out
    raw=$((0x$1))
    type=$((raw & 0170000))
    pb_json_str "$pb_path"
    o="\"exists\":true,\"path\":$PB_J"
    pb_octal4 $((raw & 07777))
    o="$o,\"mode\":\"$PB_OCTAL\""
    add_flag isdir $((type == 0040000))
    add_flag isreg $((type == 0100000))
    add_flag islnk $((type == 0120000))
    add_flag ischr $((type == 0020000))
    add_flag isblk $((type == 0060000))
    add_flag isfifo $((type == 0010000))
    add_flag issock $((type == 0140000))
    o="$o,\"uid\":$2,\"gid\":$3,\"size\":$4,\"inode\":$5,\"dev\":$6,\"nlink\":$7"
    o="$o,\"atime\":$8,\"mtime\":$9,\"ctime\":${10},\"blocks\":${11},\"block_size\":${12}"
    o="$o,\"device_type\":$(( (0x${13} << 8) | 0x${14} ))"
    pb_json_str "${15}"
    o="$o,\"pw_name\":$PB_J"
    pb_json_str "${16}"
    o="$o,\"gr_name\":$PB_J"
    for bit in rusr:0400 wusr:0200 xusr:0100 rgrp:0040 wgrp:0020 xgrp:0010 roth:0004 woth:0002 xoth:0001 \
        isuid:04000 isgid:02000; do
        add_flag "${bit%:*}" $((raw & ${bit#*:}))
    done
    r=0 w=0 x=0
    if [ -r "$pb_path" ]; then r=1; fi
    if [ -w "$pb_path" ]; then w=1; fi
    if [ -x "$pb_path" ]; then x=1; fi
    add_flag readable $r
    add_flag writeable $w
    add_flag executable $x
    if [ -L "$pb_path" ]; then
        pb_json_str "$(readlink -- "$pb_path")"
        o="$o,\"lnk_target\":$PB_J"
        pb_json_str "$(readlink -f -- "$pb_path")"
        o="$o,\"lnk_source\":$PB_J"
    fi
    if [ "$pb_get_checksum" = 1 ] && [ $type -eq $((0100000)) ] && [ $r = 1 ]; then
        sum=$("${pb_checksum_algorithm}sum" < "$pb_path") || pb_fail "cannot read $pb_path for its checksum"
        o="$o,\"checksum\":\"${sum%% *}\""
    fi
    if [ "$pb_get_mime" = 1 ]; then
        # As Ansible's stat: 'unknown' unless the `file` tool is there and answers.
        mimetype=unknown charset=unknown
        if command -v file >/dev/null 2>&1 && answer=$(file -b --mime-type --mime-encoding -- "$pb_path" 2>/dev/null); then
            case $answer in
            *\;*charset=*)
                mimetype=${answer%%;*}
                charset=${answer##*charset=}
                ;;
            esac
        fi
        pb_json_str "$mimetype"
        o="$o,\"mimetype\":$PB_J"
        pb_json_str "$charset"
        o="$o,\"charset\":$PB_J"
    fi
    if [ "$pb_get_attributes" = 1 ]; then
        # As Ansible's stat: null, [] and '' unless `lsattr -vd` answers (it cannot on overlay
        # and tmpfs file systems, which have no version).
        version=null
        attributes=''
        flags=''
        if command -v lsattr >/dev/null 2>&1 && line=$(lsattr -vd -- "$pb_path" 2>/dev/null); then
            # shellcheck disable=SC2086
            set -f -- $line
            set +f
            pb_json_str "$1"
            version=$PB_J
            flags=$(printf '%s' "$2" | tr -d -- -)
            attributes=$(attribute_names "$flags")
        fi
        o="$o,\"version\":$version,\"attributes\":[$attributes],\"attr_flags\":\"$flags\""
    fi
    pb_add_raw stat "{$o}"
}

pb_main
