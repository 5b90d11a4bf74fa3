# replace: every match of a regexp in a file replaced, as Ansible's replace does it with
# Python's re.subn: the regexp searches the whole text with re.MULTILINE, the replacement is a
# Python template (\1, \g<1>, \g<name>, \n), `after`/`before` narrow the text to the first
# section between their matches (re.DOTALL). The file must exist. textfile.sh does the writing.
#
# Perl's regexps are close to Python's; the differences that matter are bridged here: Python's
# \Z is Perl's \z, and a text in utf-8 is decoded first so that `.` and \w see characters.

# shellcheck disable=SC2016
REPLACE_PL='
use strict;
my %a = %ENV;
open(my $in, "<:raw", $a{TF_READ}) or die "cannot read $a{TF_READ}: $!\n";
my $text = do { local $/; <$in> };
close $in;
$text = "" unless defined $text;
my $encoding = lc $a{pb_encoding};
$encoding =~ s/_/-/g;
my $decode = 0;
if ($encoding eq "utf-8" || $encoding eq "utf8") {
    utf8::decode($text) or die "'"'"'utf-8'"'"' codec can'"'"'t decode $a{TF_PATH}: the file is not valid utf-8\n";
    $decode = 1;
} elsif ($encoding !~ /\A(?:latin-?1|iso-?8859-1|ascii|us-ascii)\z/) {
    die "unsupported encoding: $a{pb_encoding} (utf-8, latin-1 and ascii are)\n";
}
sub python_re {
    my $re = shift;
    $re =~ s/((?:\A|[^\\])(?:\\\\)*)\\Z/$1\\z/g;
    return $re;
}
sub compiled {
    my ($name, $text, $flags) = @_;
    my $re = eval { $flags eq "s" ? qr/$text/s : qr/$text/m };
    die "invalid regular expression in $name: $@" unless defined $re;
    return $re;
}
# Python match.expand: \1 \g<1> \g<name>, escapes such as \n; a group that took no part is
# empty, a group the regexp does not have and an unknown letter escape are errors.
sub expand {
    my ($template, $groups, $named) = @_;
    my %esc = (n => "\n", t => "\t", r => "\r", f => "\f", v => "\013", a => "\007", b => "\010", "\\" => "\\");
    my $count = $#$groups;
    $template =~ s{\\(?:g<([^>]*)>|(0[0-7]{0,2}|[1-9][0-9]?)|(.))}{
        my $out;
        if (defined $1) {
            my $g = $1;
            if ($g =~ /\A[0-9]+\z/) {
                die "invalid group reference $g in replace\n" if $g > $count;
                $out = $groups->[$g];
            } else {
                die "unknown group name $g in replace\n" unless exists $named->{$g};
                $out = $named->{$g};
            }
        } elsif (defined $2) {
            die "invalid group reference $2 in replace\n" if substr($2, 0, 1) ne "0" && $2 > $count;
            $out = substr($2, 0, 1) eq "0" ? chr(oct($2)) : $groups->[$2];
        } elsif (exists $esc{$3}) {
            $out = $esc{$3};
        } elsif ($3 =~ /[A-Za-z0-9]/) {
            die "bad escape \\$3 in replace\n";
        } else {
            $out = "\\" . $3;
        }
        defined $out ? $out : "";
    }gse;
    return $template;
}
my ($changed, $count, $msg) = (0, 0, "");
my ($section, $start, $end) = ($text, 0, length $text);
my $pattern = "";
my ($after, $before) = ($a{pb_after}, $a{pb_before});
$after = undef if defined $after && $after eq "";
$before = undef if defined $before && $before eq "";
if (defined $after && defined $before) { $pattern = "$after(?P<subsection>.*?)$before" }
elsif (defined $after) { $pattern = "$after(?P<subsection>.*)" }
elsif (defined $before) { $pattern = "(?P<subsection>.*)$before" }
if ($pattern ne "") {
    # The section is a plain group numbered after the groups of `after` (counted by matching
    # it optionally against nothing), so the groups of the user cannot be taken for it.
    my $first = 1;
    if (defined $after) {
        my $alone = compiled("after", python_re($after), "s");
        "" =~ /(?:$alone)?/;
        $first = $#+ + 1;
    }
    my $perl = (defined $after ? python_re($after) : "") . "(.*" . (defined $after && defined $before ? "?" : "") . ")"
        . (defined $before ? python_re($before) : "");
    my $sre = compiled("after/before", $perl, "s");
    if ($text =~ $sre) {
        ($start, $end) = ($-[$first], $+[$first]);
        $section = substr($text, $start, $end - $start);
    } else {
        print "0\n-1\nPattern for before/after params did not match the given file: $pattern\n";
        exit 0;
    }
}
my $re = compiled("regexp", python_re($a{pb_regexp}), "m");
my $replace = defined $a{pb_replace} ? $a{pb_replace} : "";
utf8::decode($replace) if $decode;
my $result = $section;
$result =~ s{$re}{
    $count++;
    my @groups = ($&, @{^CAPTURE});
    my %named = map { $_ => $-{$_}[0] } keys %-;
    expand($replace, \@groups, \%named);
}ge;
if ($count > 0 && $result ne $section) {
    $changed = 1;
    $msg = "$count replacements made";
    $text = substr($text, 0, $start) . $result . substr($text, $end);
}
utf8::encode($text) if $decode;
open(my $out, ">:raw", $a{TF_NEW}) or die "cannot write $a{TF_NEW}: $!\n";
print $out $text;
close $out or die "cannot write $a{TF_NEW}: $!\n";
print "$changed\n$count\n$msg\n";
'

pb_probe() {
    tf_probe
    if [ "$TF_EXISTS" = 0 ]; then
        pb_add_int rc 257
        pb_fail "Path $TF_PATH does not exist !"
    fi
}

pb_decide() {
    # shellcheck disable=SC2153 # set by the shared text-file part, which runs first
    TF_READ=$TF_REAL
    export TF_READ TF_NEW TF_PATH pb_regexp pb_replace pb_after pb_before pb_encoding
    tf_compute "$REPLACE_PL"
    if [ "$TF_COUNT" = -1 ]; then
        # Ansible ends here: nothing replaced, owner/group/mode not looked at.
        pb_msg "$TF_MSG"
        pb_add_int rc 0
        pb_exit
    fi
    tf_decide_attributes
}

# Ansible's replace shows the content diff only, headed by the path, and only when the text
# changes; the backup is `backup_file`.
pb_report() {
    pb_msg "$TF_MSG"
    pb_add_int rc 0
    pb_add_bool content_changed "$TF_CONTENT_CHANGED"
    pb_add_bool existed 1
    if [ "$PB_DIFF" = 1 ] && [ "$TF_CONTENT_CHANGED" = 1 ]; then
        pb_add_file before_content "$PB_TMP/before"
        pb_add_file after_content "$TF_NEW"
    fi
    if [ -n "$TF_BACKUP" ]; then pb_add_str backup_file "$TF_BACKUP"; fi
}

pb_main
