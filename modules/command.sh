# command / shell: runs a program (argument vector in the generated pb_cmd, run through
# cmd_run) or a shell command line ($pb_script with $pb_executable). `creates` / `removes`
# decide whether it runs; in check mode it never runs and is reported skipped unless they
# already decide.

skip_reason=
rc=0
exec_errno=

# Ansible's command expands $NAME, ${NAME} and a leading ~ in every word on the target
# (expand_argument_vars), as os.path.expandvars(os.path.expanduser(word)) does: a variable the
# environment lacks, or an unknown user, stays as written. Prints the words shell-quoted.
# shellcheck disable=SC2016
CMD_EXPAND_PL='
sub var {
    my ($all, $name) = @_;
    $name =~ s/\A\{(.*)\}\z/$1/s;
    return exists $ENV{$name} ? $ENV{$name} : $all;
}
my @out;
for my $w (@ARGV) {
    if ($w =~ /\A~([^\/]*)/) {
        my $user = $1;
        my $home = $user eq "" ? ($ENV{HOME} // (getpwuid($<))[7]) : (getpwnam($user))[7];
        if (defined $home) {
            $home =~ s{/+\z}{};
            substr($w, 0, 1 + length $user) = $home;
            $w = "/" if $w eq "";
        }
    }
    $w =~ s/(\$(\w+|\{[^}]*\}))/var($1, $2)/gae;
    $w =~ s/\x27/\x27\\\x27\x27/g;
    push @out, "\x27$w\x27";
}
print join(" ", @out);
'

# The command's words run through env, so that only real programs run, never a shell builtin
# or a function, as Ansible's exec does.
cmd_run() {
    if [ "${pb_expand_argument_vars-1}" = 1 ]; then
        for cmd_word in "$@"; do
            case $cmd_word in
            *'$'* | '~'*)
                if cmd_words=$(perl -e "$CMD_EXPAND_PL" -- "$@"); then eval "set -- $cmd_words"; fi
                break
                ;;
            esac
        done
    fi
    env -- "$@"
}

# A program that could not be started: env's words for it become the errno Python's exec
# reports (2 not found, 13 not executable), as Ansible's command fails with it.
cmd_exec_errno() {
    [ -z "${pb_script+set}" ] && [ ! -s "$PB_TMP/stdout" ] || return 0
    [ "$rc" = 127 ] || [ "$rc" = 126 ] || return 0
    cmd_err=$(cat "$PB_TMP/stderr")
    case $cmd_err in
    *"
"*) ;;
    "env: "*": No such file or directory") exec_errno=2 ;;
    "env: "*": Permission denied") exec_errno=13 ;;
    esac
}

# Whether a glob (no word splitting, no other expansion) matches an existing path.
glob_exists() {
    (
        IFS=
        set +f
        # shellcheck disable=SC2086
        for match in $1; do
            if [ -e "$match" ] || [ -L "$match" ]; then exit 0; fi
        done
        exit 1
    )
}

pb_probe() {
    if [ -n "${pb_chdir-}" ]; then
        cd -- "$pb_chdir" 2>/dev/null || pb_fail "Unable to change directory before execution: $pb_chdir"
    fi
    if [ -n "${pb_creates-}" ] && glob_exists "$pb_creates"; then
        skip_reason="skipped, since $pb_creates exists"
        skip_note="not run command since '$pb_creates' exists"
    elif [ -n "${pb_removes-}" ] && ! glob_exists "$pb_removes"; then
        skip_reason="skipped, since $pb_removes does not exist"
        skip_note="not run command since '$pb_removes' does not exist"
    fi
}

pb_decide() {
    if [ -z "$skip_reason" ]; then pb_changed; fi
}

pb_act() {
    pb_tmpdir
    if [ -n "${pb_stdin+set}" ]; then
        if [ "$pb_stdin_add_newline" = 1 ]; then
            printf '%s\n' "$pb_stdin" > "$PB_TMP/stdin"
        else
            printf '%s' "$pb_stdin" > "$PB_TMP/stdin"
        fi
    else
        : > "$PB_TMP/stdin"
    fi
    started=$(date '+%Y-%m-%d %H:%M:%S.%6N')
    started_ns=$(date +%s%N)
    if [ -n "${pb_script+set}" ]; then
        "${pb_executable:-/bin/sh}" -c "$pb_script" < "$PB_TMP/stdin" > "$PB_TMP/stdout" 2> "$PB_TMP/stderr"
    else
        pb_cmd < "$PB_TMP/stdin" > "$PB_TMP/stdout" 2> "$PB_TMP/stderr"
    fi
    rc=$?
    ended=$(date '+%Y-%m-%d %H:%M:%S.%6N')
    ended_ns=$(date +%s%N)
}

pb_report() {
    # Ansible's words: "Did not run command since …" ("Would not" in check mode), with the
    # older "skipped, since …" as stdout.
    if [ -n "$skip_reason" ]; then
        if [ "$PB_CHECK_MODE" = 1 ]; then pb_msg "Would $skip_note"; else pb_msg "Did $skip_note"; fi
        pb_add_str stdout "$skip_reason"
        pb_add_int rc 0
        return
    fi
    if [ "$PB_CHECK_MODE" = 1 ]; then
        # Skipped when nothing could tell; with creates/removes not met it would change.
        if [ -z "${pb_creates-}${pb_removes-}" ]; then
            PB_CHANGED=0
            PB_SKIPPED=1
        fi
        pb_add_int rc 0
        pb_msg "Command would have run if not in check mode"
        return
    fi
    cmd_exec_errno
    if [ -n "$exec_errno" ]; then
        PB_CHANGED=0
        PB_FAILED=1
        pb_add_int rc "$exec_errno"
        pb_add_int __exec_errno "$exec_errno"
        pb_add_str stdout ""
        pb_add_str stderr ""
        return
    fi
    pb_add_int rc "$rc"
    pb_add_file stdout "$PB_TMP/stdout"
    pb_add_file stderr "$PB_TMP/stderr"
    pb_add_str start "$started"
    pb_add_str end "$ended"
    pb_add_int __started_ns "$started_ns"
    pb_add_int __ended_ns "$ended_ns"
    if [ "$rc" -ne 0 ]; then
        PB_FAILED=1
        pb_msg "non-zero return code"
    fi
}

pb_main
