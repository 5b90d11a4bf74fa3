# find: files, directories or links below paths, as Ansible's find returns them. The walk is
# Python's os.walk (top-down, each directory's files then its subdirectories, in directory
# order; `examined` counts every entry listed) and the filters are Ansible's: fnmatch or
# re.match patterns on the base name, excludes, age, size, contains, mode, depth, hidden.
# perl does the walk and the filters (perl-base is Essential on Debian and Ubuntu); one `stat`
# run per thousand matches adds the sub-second times Python reports. Never changes anything.

# shellcheck disable=SC2016
FIND_PL='
use strict;
binmode STDOUT, ":utf8";
my %a = %ENV;
sub lines { my $t = shift; return () unless defined $t && $t ne ""; return split /\n/, $t }
my @paths = lines($a{pb_paths});
my @patterns = lines($a{pb_patterns});
my @excludes = lines($a{pb_excludes});
my $regex = $a{pb_use_regex} eq "1";
@patterns = ($regex ? ".*" : "*") unless @patterns;
my $type = $a{pb_file_type};
my ($recurse, $hidden, $follow) = map { ($a{$_} // "") eq "1" } qw(pb_recurse pb_hidden pb_follow);
my $depth_limit = $a{pb_depth} // "";
my $limit = $a{pb_limit} // "";
my $want_mode = $a{FIND_MODE} // "";
my $exact = ($a{pb_exact_mode} // "1") eq "1";
my ($age, $size);
if (defined $a{pb_age}) {
    my %unit = (s => 1, m => 60, h => 3600, d => 86400, w => 604800);
    lc($a{pb_age}) =~ /\A(-?\d+)([smhdw])?\z/ or fail("failed to process age");
    $age = $1 * ($2 ? $unit{$2} : 1);
}
if (defined $a{pb_size}) {
    my %unit = (b => 1, k => 1024, m => 1024**2, g => 1024**3, t => 1024**4);
    lc($a{pb_size}) =~ /\A(-?\d+)([bkmgt])?\z/ or fail("failed to process size");
    $size = $1 * ($2 ? $unit{$2} : 1);
}
fail(sprintf "limit cannot be %d (use None for unlimited)", $limit) if $limit ne "" && $limit <= 0;
my %stampfield = (atime => 8, mtime => 9, ctime => 10);
my $stamp = $stampfield{$a{pb_age_stamp}} // 9;
sub fail { print "FAIL\n$_[0]\n"; exit 0 }
# Python fnmatch: * and ? cross "/", [!...] negates, everything else literal.
sub fnmatch_re {
    my $p = shift;
    my $out = "";
    my $i = 0;
    while ($i < length $p) {
        my $c = substr($p, $i++, 1);
        if ($c eq "*") { $out .= ".*" }
        elsif ($c eq "?") { $out .= "." }
        elsif ($c eq "[") {
            my $j = $i;
            $j++ if $j < length($p) && substr($p, $j, 1) eq "!";
            $j++ if $j < length($p) && substr($p, $j, 1) eq "]";
            $j++ while $j < length($p) && substr($p, $j, 1) ne "]";
            if ($j >= length $p) { $out .= "\\[" }
            else {
                my $set = substr($p, $i, $j - $i);
                $i = $j + 1;
                $set =~ s/\\/\\\\/g;
                $set = "^" . substr($set, 1) if substr($set, 0, 1) eq "!";
                $out .= "[$set]";
            }
        } else { $out .= quotemeta $c }
    }
    return qr/\A(?:$out)\z/s;
}
sub compile_all {
    my @out;
    for my $p (@_) {
        my $re = $regex ? eval { qr/$p/ } : fnmatch_re($p);
        fail("invalid regular expression $p: $@") unless defined $re;
        push @out, $re;
    }
    return @out;
}
my @pattern_res = compile_all(@patterns);
my @exclude_res = compile_all(@excludes);
# re.match anchors at the start only; fnmatch patterns are anchored at both ends already.
sub matches { my ($name, $res) = @_; for my $re (@$res) { return 1 if $regex ? $name =~ /\A$re/ : $name =~ $re } return 0 }
sub pfilter {
    my $name = shift;
    return 0 unless matches($name, \@pattern_res);
    return !(@exclude_res && matches($name, \@exclude_res));
}
my %times;
my $contains = defined $a{pb_contains} ? eval { qr/$a{pb_contains}/ } : undef;
fail("invalid regular expression $a{pb_contains}: $@") if defined $a{pb_contains} && !defined $contains;
sub contentfilter {
    my $file = shift;
    return 1 unless defined $contains;
    # The times are those from before the read, which may move the access time.
    if (open(my $st, "-|", "stat", "--printf", "%.9X %.9Y %.9Z", "--", $file)) {
        my $l = <$st>; close $st;
        $times{$file} = [split / /, $l] if defined $l;
    }
    open(my $in, "<:raw", $file) or return 0;
    if ($a{pb_read_whole_file} eq "1") { local $/; my $t = <$in>; $t = "" unless defined $t; utf8::decode($t); return $t =~ $contains ? 1 : 0 }
    while (my $l = <$in>) { utf8::decode($l); return 1 if $l =~ /\A$contains/ }
    return 0;
}
my $now = time;
sub agefilter {
    my $st = shift;
    return 1 unless defined $age;
    my $d = $now - $st->[$stamp];
    return $age >= 0 ? $d >= abs($age) : $d <= abs($age);
}
sub sizefilter { my $st = shift; return 1 unless defined $size; return $size >= 0 ? $st->[7] >= abs($size) : $st->[7] <= abs($size) }
sub modefilter {
    my $st = shift;
    return 1 if $want_mode eq "";
    my $m = $st->[2] & 07777;
    return $exact ? $m == oct($want_mode) : ($m & oct($want_mode)) != 0;
}
my (@found, %skipped, @warnings);
my $looked = 0;
my $msg = "All paths examined";
my $full = 0;
sub normpath { my $p = shift; $p =~ s{/+}{/}g; $p =~ s{(?<=.)/\z}{}; $p =~ s{/\./}{/}g; $p =~ s{\A\./(?=.)}{}; return $p }
sub walk {
    my ($top, $root) = @_;
    my $dh;
    unless (opendir($dh, $root)) { $skipped{$root} = "[Errno 13] Permission denied: " . chr(39) . $root . chr(39); return }
    my (@files, @dirs);
    while (defined(my $e = readdir $dh)) {
        next if $e eq "." || $e eq "..";
        # os.walk counts a link to a directory as a directory (and descends only with follow).
        if (-d "$root/$e") { push @dirs, $e } else { push @files, $e }
    }
    closedir $dh;
    $looked += @files + @dirs;
    my $prune = 0;
    for my $e (@files, @dirs) {
        my $path = normpath("$root/$e");
        if ($depth_limit ne "" && $depth_limit != 0) {
            my $w = $top; $w =~ s{/+\z}{}; $w .= "/";
            my $d = ($path =~ tr{/}{}) - ($w =~ tr{/}{}) + 1;
            if ($d > $depth_limit) { $prune = 1; next }
        }
        next if substr($e, 0, 1) eq "." && !$hidden;
        my @st = lstat $path;
        unless (@st) { push @warnings, "Skipped entry " . chr(39) . "$path" . chr(39) . " due to this access issue: $!\n"; $skipped{$path} = "$!"; next }
        my $kind = -l _ ? "link" : -d _ ? "directory" : -f _ ? "file" : "other";
        my $ok = 0;
        if ($type eq "any") {
            $ok = pfilter($e) && agefilter(\@st) && modefilter(\@st) && ($kind ne "file" || sizefilter(\@st));
        } elsif ($kind eq "directory" && $type eq "directory" || $kind eq "link" && $type eq "link") {
            $ok = pfilter($e) && agefilter(\@st) && modefilter(\@st);
        } elsif ($kind eq "file" && $type eq "file") {
            $ok = pfilter($e) && agefilter(\@st) && sizefilter(\@st) && contentfilter($path) && modefilter(\@st);
        }
        push @found, [$path, \@st, $kind] if $ok;
        if ($limit ne "" && @found == $limit) { $msg = "Limit of matches reached"; $full = 1; last }
    }
    return if $prune || !$recurse || $full;
    for my $e (@dirs) {
        last if $full;
        my $path = "$root/$e";
        next if -l $path && !$follow;
        walk($top, $path);
    }
}
for my $p (@paths) {
    last if $full;
    if (!-d $p) {
        $skipped{$p} = chr(39) . $p . chr(39) . " is not a directory";
        push @warnings, "Skipped " . chr(39) . $p . chr(39) . " path due to this access issue: $skipped{$p}\n";
        next;
    }
    walk($p, $p);
}
$msg = "Not all paths examined, check warnings for details" if @warnings;
# Sub-second times as Python reports them: one stat run per thousand matches.
for (my $i = 0; $i < @found; $i += 1000) {
    my @chunk = grep { !exists $times{$_} } map { $_->[0] } @found[$i .. ($i + 999 < $#found ? $i + 999 : $#found)];
    next unless @chunk;
    open(my $st, "-|", "stat", "--printf", "%.9X %.9Y %.9Z\\0", "--", @chunk) or next;
    local $/ = "\0";
    for my $p (@chunk) { my $l = <$st>; last unless defined $l; chomp $l; $times{$p} = [split / /, $l] }
    close $st;
}
sub js {
    my $s = shift;
    utf8::decode($s) or $s =~ s/[\x80-\xff]/\x{fffd}/g;
    $s =~ s/(["\\])/\\$1/g;
    $s =~ s/([\x00-\x1f])/sprintf("\\u%04x", ord $1)/ge;
    return "\"$s\"";
}
sub num { my $n = shift; $n =~ s/0+\z//; $n =~ s/\.\z/.0/; return $n }
my @out;
for my $f (@found) {
    my ($path, $st, $kind) = @$f;
    my $m = $st->[2];
    my $t = $times{$path} // [$st->[8], $st->[9], $st->[10]];
    my %bit = (rusr => 0400, wusr => 0200, xusr => 0100, rgrp => 040, wgrp => 020, xgrp => 010, roth => 04, woth => 02, xoth => 01, isuid => 04000, isgid => 02000);
    my $ft = $m & 0170000;
    my @kv = (
        "\"path\":" . js($path), sprintf("\"mode\":\"%04o\"", $m & 07777),
        "\"isdir\":" . ($ft == 0040000 ? "true" : "false"), "\"ischr\":" . ($ft == 0020000 ? "true" : "false"),
        "\"isblk\":" . ($ft == 0060000 ? "true" : "false"), "\"isreg\":" . ($ft == 0100000 ? "true" : "false"),
        "\"isfifo\":" . ($ft == 0010000 ? "true" : "false"), "\"islnk\":" . ($ft == 0120000 ? "true" : "false"),
        "\"issock\":" . ($ft == 0140000 ? "true" : "false"),
        "\"uid\":$st->[4]", "\"gid\":$st->[5]", "\"size\":$st->[7]", "\"inode\":$st->[1]", "\"dev\":$st->[0]",
        "\"nlink\":$st->[3]", "\"atime\":" . num($t->[0]), "\"mtime\":" . num($t->[1]), "\"ctime\":" . num($t->[2]),
        "\"gr_name\":" . js(scalar(getgrgid($st->[5])) // ""), "\"pw_name\":" . js(scalar(getpwuid($st->[4])) // ""),
    );
    for my $b (qw(wusr rusr xusr wgrp rgrp xgrp woth roth xoth isuid isgid)) { push @kv, "\"$b\":" . (($m & $bit{$b}) ? "true" : "false") }
    if ($kind eq "file" && $a{pb_get_checksum} eq "1" && $type ne "link" && $type ne "directory") {
        open(my $sum, "-|", "sha1sum", "--", $path) or die;
        my $line = <$sum>; close $sum;
        push @kv, "\"checksum\":\"" . (split / /, $line // "")[0] . "\"" if defined $line;
    }
    push @out, "{" . join(",", @kv) . "}";
}
print "OK\n$msg\n", scalar(@found), "\n$looked\n[", join(",", @out), "]\n";
print "{", join(",", map { js($_) . ":" . js($skipped{$_}) } sort keys %skipped), "}\n";
print join("\n", map { my $w = $_; $w =~ s/\n/\\n/g; $w } @warnings), "\n";
'

pb_probe() {
    FIND_MODE=
    if [ -n "${pb_mode-}" ]; then
        # Ansible reads a symbolic mode as applied to 0000.
        pb_compute_mode pb_mode_mode 0 0
        FIND_MODE=$PB_MODE
    fi
    pb_tmpdir
    export FIND_MODE pb_paths pb_patterns pb_excludes pb_use_regex pb_file_type pb_recurse pb_hidden pb_follow \
        pb_depth pb_limit pb_exact_mode pb_age pb_size pb_age_stamp pb_contains pb_read_whole_file pb_get_checksum
    perl -e "$FIND_PL" > "$PB_TMP/found" 2> "$PB_TMP/err" || pb_fail "$(cat "$PB_TMP/err")"
    {
        IFS= read -r status
        IFS= read -r message
        if [ "$status" = FAIL ]; then
            if [ "$message" = "failed to process age" ]; then pb_add_str age "$pb_age"; fi
            if [ "$message" = "failed to process size" ]; then pb_add_str size "$pb_size"; fi
            pb_fail "$message"
        fi
        IFS= read -r matched
        IFS= read -r examined
        IFS= read -r files
        IFS= read -r skipped
        warnings=
        while IFS= read -r warning; do
            [ -n "$warning" ] && warnings="${warnings:+$warnings
}$(printf '%s' "$warning" | sed 's/\\n$//')"
        done
    } < "$PB_TMP/found"
}

pb_report() {
    pb_msg "$message"
    pb_add_raw files "$files"
    pb_add_int matched "$matched"
    pb_add_int examined "$examined"
    pb_add_raw skipped_paths "$skipped"
    if [ -n "$warnings" ]; then pb_add_list warnings "$warnings"; fi
}

pb_main
