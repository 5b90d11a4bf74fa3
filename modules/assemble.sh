# assemble: a file made of the fragments in a directory of this host, as Ansible's assemble
# makes it: the regular files (links followed) in byte order of their names, those a regexp
# finds (Python re.search) if one is given, hidden ones left out on request; a fragment that
# does not end with a newline gets one before the next; the delimiter (with Python's escapes)
# goes between fragments and ends with a newline. The file is replaced (validated, backed up,
# by temp file and rename) only when its SHA-1 differs; then owner, group and mode.

# shellcheck disable=SC2016
ASSEMBLE_PL='
use strict;
my %a = %ENV;
my $re;
if (defined $a{pb_regexp}) {
    $re = eval { qr/$a{pb_regexp}/ };
    unless (defined $re) { (my $e = $@) =~ s/ at -e line.*//s; print "Invalid Regexp ($e) in \"$a{pb_regexp}\"\n"; exit 3 }
}
opendir(my $dh, $a{pb_src}) or die "cannot read $a{pb_src}: $!\n";
my @names = sort grep { $_ ne "." && $_ ne ".." } readdir $dh;
closedir $dh;
my $delimiter = $a{pb_delimiter};
if (defined $delimiter) {
    my %esc = (n => "\n", t => "\t", r => "\r", f => "\f", v => "\013", a => "\007", b => "\010", "\\" => "\\", "\x27" => "\x27", "\"" => "\"");
    $delimiter =~ s{\\(?:x([0-9A-Fa-f]{2})|([0-7]{1,3})|(.))}{
        defined $1 ? chr(hex $1) : defined $2 ? chr(oct $2) : exists $esc{$3} ? $esc{$3} : "\\$3"
    }gse;
}
open(my $out, ">:raw", $a{AS_NEW}) or die "cannot write $a{AS_NEW}: $!\n";
my ($delimit, $newline) = (0, 0);
for my $name (@names) {
    next if defined $re && $name !~ $re;
    my $fragment = "$a{pb_src}/$name";
    next unless -f $fragment;
    next if $a{pb_ignore_hidden} eq "1" && substr($name, 0, 1) eq ".";
    open(my $in, "<:raw", $fragment) or die "cannot read $fragment: $!\n";
    my $content = do { local $/; <$in> };
    close $in;
    $content = "" unless defined $content;
    print $out "\n" if $newline;
    if ($delimit && defined $delimiter && $delimiter ne "") {
        print $out $delimiter;
        print $out "\n" if substr($delimiter, -1) ne "\n";
    }
    print $out $content;
    $delimit = 1;
    $newline = $content !~ /\n\z/;
}
close $out or die "cannot write $a{AS_NEW}: $!\n";
'

AS_EXISTS=0
AS_CONTENT=0
AS_BACKUP=

pb_probe() {
    if [ "${pb_remote_src-1}" = 0 ]; then
        pb_fail "remote_src: false (fragments on the controller) is not supported; copy the fragments to the host first"
    fi
    if [ ! -e "$pb_src" ]; then pb_fail "Source ($pb_src) does not exist"; fi
    if [ ! -d "$pb_src" ]; then pb_fail "Source ($pb_src) is not a directory"; fi
    pb_tmpdir
    AS_NEW=$PB_TMP/new
    export AS_NEW pb_src pb_regexp pb_delimiter pb_ignore_hidden
    rc=0
    perl -e "$ASSEMBLE_PL" > "$PB_TMP/perl.out" 2> "$PB_TMP/perl.err" || rc=$?
    if [ "$rc" = 3 ]; then pb_fail "$(cat "$PB_TMP/perl.out")"; fi
    if [ "$rc" != 0 ]; then pb_fail "$(cat "$PB_TMP/perl.err")"; fi
    pb_sha1 "$AS_NEW"
    AS_SHA1=$PB_SHA1
    AS_MD5=$(md5sum < "$AS_NEW")
    AS_MD5=${AS_MD5%% *}
    if [ -e "$pb_dest" ]; then
        AS_EXISTS=1
        pb_sha1 "$pb_dest" || pb_fail "cannot read $pb_dest"
        if [ "$PB_SHA1" != "$AS_SHA1" ]; then AS_CONTENT=1; fi
    else
        AS_CONTENT=1
    fi
}

pb_decide() {
    if [ "$AS_CONTENT" = 1 ]; then pb_changed; fi
    AS_UID='' AS_GID=''
    if [ "$AS_EXISTS" = 1 ]; then
        pb_stat "$pb_dest" follow
        AS_UID=$pb_st_uid AS_GID=$pb_st_gid AS_MODE=$pb_st_mode
    else
        pb_default_mode "$pb_dest" 0666
        AS_MODE=$PB_MODE
    fi
    if [ -n "${pb_owner-}" ]; then
        pb_uid "$pb_owner"
        if [ "$PB_UID" != "$AS_UID" ]; then pb_changed; fi
        AS_UID=$PB_UID
    fi
    if [ -n "${pb_group-}" ]; then
        pb_gid "$pb_group"
        if [ "$PB_GID" != "$AS_GID" ]; then pb_changed; fi
        AS_GID=$PB_GID
    fi
    if [ -n "${pb_mode-}" ]; then
        pb_compute_mode pb_mode_mode "$AS_MODE" 0
        if [ "$PB_MODE" != "$AS_MODE" ]; then pb_changed; fi
        AS_MODE=$PB_MODE
    fi
}

pb_act() {
    if [ "$AS_CONTENT" = 0 ]; then
        if [ -n "${pb_owner-}${pb_group-}" ]; then
            chown -- "$AS_UID${AS_GID:+:$AS_GID}" "$pb_dest" 2> "$PB_TMP/err" || pb_fail "chown failed: $(cat "$PB_TMP/err")"
        fi
        chmod -- "$AS_MODE" "$pb_dest" 2> "$PB_TMP/err" || pb_fail "chmod failed: $(cat "$PB_TMP/err")"
        return
    fi
    pb_atomic_begin "$pb_dest"
    cat -- "$AS_NEW" > "$PB_ATOMIC_TMP" || pb_fail "cannot write $PB_ATOMIC_TMP"
    if command -v pb_validate >/dev/null 2>&1; then
        rc=0
        pb_validate "$PB_ATOMIC_TMP" > "$PB_TMP/validate.out" 2> "$PB_TMP/validate.err" || rc=$?
        pb_json_str "$(cat "$PB_TMP/validate.out")"
        as_out=$PB_J
        pb_json_str "$(cat "$PB_TMP/validate.err")"
        pb_add_raw validation "{\"rc\":$rc,\"stdout\":$as_out,\"stderr\":$PB_J}"
        if [ "$rc" != 0 ]; then
            err=$(cat "$PB_TMP/validate.err"; printf x)
            pb_fail "failed to validate: rc:$rc error:${err%x}"
        fi
    fi
    if [ "${pb_backup-0}" = 1 ] && [ "$AS_EXISTS" = 1 ]; then
        AS_BACKUP="$pb_dest.$PB_PID.$(date '+%Y-%m-%d@%H:%M:%S')~"
        cp -p -- "$pb_dest" "$AS_BACKUP" 2> "$PB_TMP/err" || pb_fail "Could not make backup of $pb_dest: $(cat "$PB_TMP/err")"
    fi
    pb_atomic_commit "$pb_dest" "$AS_MODE" "$AS_UID" "$AS_GID"
}

pb_report() {
    pb_msg OK
    pb_add_str src "$pb_src"
    pb_add_str dest "$pb_dest"
    pb_add_str checksum "$AS_SHA1"
    pb_add_str md5sum "$AS_MD5"
    if [ -n "$AS_BACKUP" ]; then pb_add_str backup_file "$AS_BACKUP"; fi
    if pb_add_path_info "$pb_dest" follow; then pb_add_str state file; fi
}

pb_main
