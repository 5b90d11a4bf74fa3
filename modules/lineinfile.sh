# lineinfile: one line present (added, or replacing the line a regexp or search string finds)
# or absent, with Ansible's rules: the LAST matching line wins unless firstmatch; a regexp that
# matches nothing makes the line go where insertafter/insertbefore say (EOF when their
# regexp matches nothing either); with backrefs, no match changes nothing.
#
# The file is read as Python's readlines() reads it (lines end at \n and keep it), and
# regexps search each line with its newline, as Ansible's do. textfile.sh does the writing.

# shellcheck disable=SC2016
LINEINFILE_PL='
use strict;
my %a = %ENV;
my $line = $a{pb_line};
my @lines;
if ($a{TF_READ} ne "") {
    open(my $in, "<:raw", $a{TF_READ}) or die "cannot read $a{TF_READ}: $!\n";
    @lines = <$in>;
    close $in;
}
sub bare { my $s = shift; $s =~ s/[\r\n]+\z//; return $s }
sub compiled {
    my ($name, $text) = @_;
    my $re = eval { qr/$text/ };
    die "invalid regular expression in $name: $@" unless defined $re;
    return $re;
}
# Python match.expand: \1 \g<1> \g<name>, escapes such as \n and \t; a group that took no part
# is empty, a group the regexp does not have is an error.
sub expand {
    my ($template, $groups, $named, $count) = @_;
    my %esc = (n => "\n", t => "\t", r => "\r", f => "\f", v => "\013", a => "\007", b => "\010", "\\" => "\\");
    $template =~ s{\\(?:g<([^>]*)>|(0[0-7]{0,2}|[1-9][0-9]?)|(.))}{
        my $out;
        if (defined $1) {
            my $g = $1;
            if ($g =~ /\A[0-9]+\z/) {
                die "invalid group reference $g in line\n" if $g > $count;
                $out = $groups->[$g];
            } else {
                die "unknown group name $g in line\n" unless exists $named->{$g};
                $out = $named->{$g};
            }
        } elsif (defined $2) {
            die "invalid group reference $2 in line\n" if substr($2, 0, 1) ne "0" && $2 > $count;
            $out = substr($2, 0, 1) eq "0" ? chr(oct($2)) : $groups->[$2];
        } else {
            $out = exists $esc{$3} ? $esc{$3} : "\\" . $3;
        }
        defined $out ? $out : "";
    }gse;
    return $template;
}
my ($changed, $msg, $found) = (0, "", 0);
my $has_re = defined $a{pb_regexp};
my $has_search = defined $a{pb_search_string};
if ($a{pb_state} eq "absent") {
    my $re = $has_re ? compiled("regexp", $a{pb_regexp}) : undef;
    my @kept;
    for my $l (@lines) {
        my $hit = $has_re ? $l =~ $re : $has_search ? index($l, $a{pb_search_string}) >= 0 : bare($l) eq $line;
        if ($hit) { $found++ } else { push @kept, $l }
    }
    @lines = @kept;
    if ($found) { $changed = 1; $msg = "$found line(s) removed" }
} else {
    my $after = $a{pb_insertafter};
    my $before = $a{pb_insertbefore};
    $after = "EOF" if !defined $after && !defined $before;
    my $re = $has_re ? compiled("regexp", $a{pb_regexp}) : undef;
    my $ins;
    if (defined $after && $after ne "BOF" && $after ne "EOF") { $ins = compiled("insertafter", $after) }
    elsif (defined $before && $before ne "BOF") { $ins = compiled("insertbefore", $before) }
    my $first = $a{pb_firstmatch} eq "1";
    my ($at, $insert_at, $matched, $exact) = (-1, -1, 0, 0);
    my (@groups, %named);
    if ($has_re) {
        for my $i (0 .. $#lines) {
            next unless $lines[$i] =~ $re;
            ($at, $matched) = ($i, 1);
            @groups = map { defined $-[$_] ? substr($lines[$i], $-[$_], $+[$_] - $-[$_]) : undef } 0 .. $#+;
            %named = map { $_ => $-{$_}[0] } keys %-;
            last if $first;
        }
    }
    if ($has_search) {
        for my $i (0 .. $#lines) {
            next unless index($lines[$i], $a{pb_search_string}) >= 0;
            ($at, $matched) = ($i, 1);
            last if $first;
        }
    }
    if (!$matched) {
        for my $i (0 .. $#lines) {
            if (bare($lines[$i]) eq $line) {
                ($at, $exact) = ($i, 1);
            } elsif (defined $ins && $lines[$i] =~ $ins) {
                if (defined $after && $after ne "") { $insert_at = $i + 1; last if $first }
                if (defined $before && $before ne "") { $insert_at = $i; last if $first }
            }
        }
    }
    my $new = $line;
    if ($at != -1) {
        $new = expand($line, \@groups, \%named, $#groups) if $a{pb_backrefs} eq "1" && $matched;
        $new .= "\n" unless $new =~ /\n\z/;
        if ($lines[$at] ne $new) { $lines[$at] = $new; ($changed, $msg) = (1, "line replaced") }
    } elsif ($a{pb_backrefs} eq "1") {
        # Without a match there is nothing to fill the backreferences with: leave the file alone.
    } elsif ((defined $before && $before eq "BOF") || (defined $after && $after eq "BOF")) {
        unshift @lines, "$new\n";
        ($changed, $msg) = (1, "line added");
    } elsif ((defined $after && $after eq "EOF") || $insert_at == -1) {
        $lines[-1] .= "\n" if @lines && $lines[-1] !~ /[\n\r]\z/;
        push @lines, "$new\n";
        ($changed, $msg) = (1, "line added");
    } elsif (defined $after && $after ne "") {
        # Ansible appends here without first ending an unterminated last line, which would glue
        # the two lines together; the line is ended first, as for EOF.
        if ($insert_at == @lines) {
            if (bare($lines[-1]) ne $new) {
                $lines[-1] .= "\n" if $lines[-1] !~ /[\n\r]\z/;
                push @lines, "$new\n";
                ($changed, $msg) = (1, "line added");
            }
        } elsif (bare($lines[$insert_at]) ne $new) {
            splice @lines, $insert_at, 0, "$new\n";
            ($changed, $msg) = (1, "line added");
        }
    } else {
        splice @lines, $insert_at, 0, "$new\n";
        ($changed, $msg) = (1, "line added");
    }
}
open(my $out, ">:raw", $a{TF_NEW}) or die "cannot write $a{TF_NEW}: $!\n";
print $out @lines;
close $out or die "cannot write $a{TF_NEW}: $!\n";
print "$changed\n$found\n$msg\n";
'

pb_probe() {
    tf_probe
    if [ "$pb_state" = present ] && [ "$TF_EXISTS" = 0 ] && [ "$pb_create" != 1 ]; then
        pb_add_int rc 257
        pb_fail "Destination $TF_PATH does not exist !"
    fi
}

pb_decide() {
    if [ "$pb_state" = absent ]; then
        if [ -z "${pb_regexp+set}${pb_search_string+set}${pb_line+set}" ]; then
            pb_fail "one of line, search_string, or regexp is required with state=absent"
        fi
        if [ "$TF_EXISTS" = 0 ]; then
            pb_msg "file not present"
            pb_exit
        fi
    elif [ "$pb_backrefs" = 1 ] && [ -z "${pb_regexp+set}" ]; then
        pb_fail "regexp is required with backrefs=true"
    fi
    TF_READ=
    if [ "$TF_EXISTS" = 1 ]; then TF_READ=$TF_REAL; fi
    export TF_READ TF_NEW pb_state pb_line pb_regexp pb_search_string pb_insertafter pb_insertbefore pb_backrefs pb_firstmatch
    tf_decide "$LINEINFILE_PL"
}

pb_report() {
    tf_report
    if [ "$pb_state" = absent ]; then pb_add_int found "$TF_COUNT"; fi
    pb_add_str backup "$TF_BACKUP"
    warn=
    if [ "${pb_regexp-x}" = "" ]; then
        warn="The regular expression is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending. If this is desired, use '^' to match every line in the file and avoid this warning."
    elif [ "${pb_search_string-x}" = "" ]; then
        warn="The search string is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending."
    fi
    if [ -n "$warn" ]; then pb_add_list warnings "$warn"; fi
}

pb_main
