# Shared part of the programs that edit a text file in place (lineinfile, blockinfile): the
# controller puts this file before the module body. The body computes the new content into
# $TF_NEW and sets TF_CONTENT_CHANGED and TF_MSG; these helpers do the rest the same way for
# both: the path checks, owner/group/mode, the backup, `validate`, the atomic write and the diff.
#
# The new text is computed by perl: Ansible's regular expressions are Python's, which Perl's
# match far more closely than awk's (\d, \s, \b, lazy quantifiers, lookarounds, (?P<name>…)
# groups), and backreferences need the capture groups. perl-base is Essential on Debian and
# Ubuntu, so every such target has it.

TF_PATH=
TF_REAL=
TF_EXISTS=0
TF_NEW=
TF_CONTENT_CHANGED=0
TF_ATTRS_CHANGED=0
TF_MSG=
TF_COUNT=0
TF_BACKUP=
TF_MODE=
TF_UID=
TF_GID=
D_BEFORE=
D_AFTER=

tf_note() {
    D_BEFORE="$D_BEFORE,\"$1\":$2"
    D_AFTER="$D_AFTER,\"$1\":$3"
}

# The path as given, and the file it names: edits go to the end of a symbolic link chain, as
# Ansible writes to realpath(path).
tf_probe() {
    TF_PATH=$pb_path
    if [ -d "$TF_PATH" ]; then
        pb_add_int rc 256
        pb_fail "Path $TF_PATH is a directory !"
    fi
    TF_REAL=$TF_PATH
    if [ -L "$TF_PATH" ]; then
        TF_REAL=$(readlink -f -- "$TF_PATH") || pb_fail "cannot resolve the symbolic link $TF_PATH"
    fi
    pb_tmpdir
    TF_NEW="$PB_TMP/new"
    if [ -e "$TF_REAL" ]; then
        TF_EXISTS=1
        # The old text for the diff, read before anything replaces it.
        if [ "$PB_DIFF" = 1 ]; then cat -- "$TF_REAL" > "$PB_TMP/before" || pb_fail "cannot read $TF_PATH"; fi
    fi
}

# Runs the perl program $1, which writes the new text to $TF_NEW and prints three lines:
# whether the text changed (1/0), a count, and the message. Sets TF_CONTENT_CHANGED, TF_COUNT
# and TF_MSG.
tf_compute() {
    perl -e "$1" >"$PB_TMP/status" 2>"$PB_TMP/perl.err" || pb_fail "$(cat "$PB_TMP/perl.err")"
    { read -r TF_CONTENT_CHANGED; read -r TF_COUNT; IFS= read -r TF_MSG; } <"$PB_TMP/status"
}

# The new content from the perl program $1 (see tf_compute), then the attributes: in check mode a
# file that would be created is reported changed without comparing attributes, as Ansible does.
tf_decide() {
    tf_compute "$1"
    if [ "$TF_EXISTS" = 0 ] && [ "$PB_CHECK_MODE" = 1 ]; then
        if [ "$TF_CONTENT_CHANGED" = 1 ]; then pb_changed; fi
    else
        tf_decide_attributes
    fi
}

# Owner, group and mode of an existing file against the requested ones. Sets TF_UID, TF_GID and
# TF_MODE to what the file must end with, and TF_ATTRS_CHANGED when that differs from now.
tf_decide_attributes() {
    if [ "$TF_EXISTS" = 1 ]; then
        pb_stat "$TF_REAL" follow
        TF_UID=$pb_st_uid TF_GID=$pb_st_gid TF_MODE=$pb_st_mode
    else
        # A created file starts as the connecting user's with the umask's mode; Ansible then
        # compares the requested attributes with those, so a mode of its own is a change too.
        pb_default_mode "$TF_REAL" 0666
        TF_MODE=$PB_MODE TF_UID='' TF_GID=''
        if [ -n "${pb_owner-}" ]; then TF_UID=$(id -u); fi
        if [ -n "${pb_group-}" ]; then TF_GID=$(id -g); fi
    fi
    if [ -n "${pb_owner-}" ]; then
        pb_uid "$pb_owner"
        if [ "$PB_UID" != "$TF_UID" ]; then TF_ATTRS_CHANGED=1; tf_note owner "$TF_UID" "$PB_UID"; fi
        TF_UID=$PB_UID
    fi
    if [ -n "${pb_group-}" ]; then
        pb_gid "$pb_group"
        if [ "$PB_GID" != "$TF_GID" ]; then TF_ATTRS_CHANGED=1; tf_note group "$TF_GID" "$PB_GID"; fi
        TF_GID=$PB_GID
    fi
    if [ -n "${pb_mode-}" ]; then
        pb_compute_mode pb_mode_mode "$TF_MODE" 0
        if [ "$PB_MODE" != "$TF_MODE" ]; then TF_ATTRS_CHANGED=1; tf_note mode "\"$TF_MODE\"" "\"$PB_MODE\""; fi
        TF_MODE=$PB_MODE
    fi
    if [ "$TF_ATTRS_CHANGED" = 1 ]; then
        if [ "$TF_CONTENT_CHANGED" = 1 ]; then TF_MSG="$TF_MSG and "; fi
        TF_MSG="${TF_MSG}ownership, perms or SE linux context changed"
    fi
    if [ "$TF_CONTENT_CHANGED" = 1 ] || [ "$TF_ATTRS_CHANGED" = 1 ]; then pb_changed; fi
}

# Missing parent directories of a file created with `create: true`, as os.makedirs makes them.
tf_make_parents() {
    pb_dirname "$TF_REAL"
    [ -d "$PB_DIR" ] && return
    mkdir -p -- "$PB_DIR" 2>"$PB_TMP/err" || pb_fail "Error creating $PB_DIR ($(cat "$PB_TMP/err"))"
}

tf_backup() {
    TF_BACKUP="$TF_PATH.$PB_PID.$(date '+%Y-%m-%d@%H:%M:%S')~"
    n=1
    while [ -e "$TF_BACKUP" ]; do TF_BACKUP="$TF_PATH.$PB_PID.$(date '+%Y-%m-%d@%H:%M:%S').$n~"; n=$((n + 1)); done
    cp -p -- "$TF_REAL" "$TF_BACKUP" 2>"$PB_TMP/err" || pb_fail "Could not make backup of $TF_PATH: $(cat "$PB_TMP/err")"
}

# The new content replaces the file atomically, validated first; a failing validation leaves
# the file (and the backup) untouched.
tf_write() {
    tf_make_parents
    pb_atomic_begin "$TF_REAL"
    cat -- "$TF_NEW" > "$PB_ATOMIC_TMP" || pb_fail "cannot write $PB_ATOMIC_TMP"
    if command -v pb_validate >/dev/null 2>&1; then
        rc=0
        pb_validate "$PB_ATOMIC_TMP" > "$PB_TMP/validate.out" 2>"$PB_TMP/validate.err" || rc=$?
        if [ "$rc" != 0 ]; then
            # The error output whole, its last newline included, as Ansible words the message;
            # nothing was changed.
            err=$(cat "$PB_TMP/validate.err"; printf x)
            PB_CHANGED=0
            pb_fail "failed to validate: rc:$rc error:${err%x}"
        fi
    fi
    if [ "${pb_backup-0}" = 1 ] && [ "$TF_EXISTS" = 1 ]; then tf_backup; fi
    pb_atomic_commit "$TF_REAL" "$TF_MODE" "$TF_UID" "$TF_GID"
}

pb_act() {
    if [ "$TF_CONTENT_CHANGED" = 1 ]; then
        tf_write
        return
    fi
    if [ -n "${pb_owner-}${pb_group-}" ]; then
        chown -- "$TF_UID${TF_GID:+:$TF_GID}" "$TF_REAL" 2>"$PB_TMP/err" || pb_fail "chown failed: $(cat "$PB_TMP/err")"
    fi
    chmod -- "$TF_MODE" "$TF_REAL" 2>"$PB_TMP/err" || pb_fail "chmod failed: $(cat "$PB_TMP/err")"
}

# The texts before and after for the diff (the controller shapes it), and the attribute changes.
tf_report() {
    pb_msg "$TF_MSG"
    pb_add_bool content_changed "$TF_CONTENT_CHANGED"
    pb_add_bool existed "$TF_EXISTS"
    if [ "$PB_DIFF" = 1 ]; then
        if [ "$TF_EXISTS" = 1 ]; then pb_add_file before_content "$PB_TMP/before"; fi
        pb_add_file after_content "$TF_NEW"
    fi
    # Ansible returns the attribute changes with or without --diff.
    if [ -n "$D_BEFORE" ]; then pb_add_raw attributes_diff "{\"before\":{${D_BEFORE#,}},\"after\":{${D_AFTER#,}}}"; fi
}
