# blockinfile: a block of lines between two marker lines, inserted, replaced or removed, with
# Ansible's rules: an existing marker pair is replaced in place; otherwise the block goes
# after the last line insertafter matches (or before the one insertbefore matches), at EOF
# when that matches nothing; an empty block removes the markers and what is between them.
# A regexp starting with a (?m) flag is searched in the whole text, as Ansible does.
#
# The text is split as Python's bytes.splitlines(keepends=True) splits it (\n, \r\n, \r).
# textfile.sh does the writing.

# shellcheck disable=SC2016
BLOCKINFILE_PL='
use strict;
my %a = %ENV;
my $original;
if ($a{TF_READ} ne "") {
    open(my $in, "<:raw", $a{TF_READ}) or die "cannot read $a{TF_READ}: $!\n";
    local $/;
    $original = <$in>;
    $original = "" unless defined $original;
    close $in;
}
sub split_lines { my $t = shift; return () unless defined $t; return $t =~ /([^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+)/g }
sub compiled {
    my ($name, $text) = @_;
    my $re = eval { qr/$text/ };
    die "invalid regular expression in $name: $@" unless defined $re;
    return $re;
}
my @lines = split_lines($original);
my $present = $a{pb_state} eq "present";
my $after = $a{pb_insertafter};
my $before = $a{pb_insertbefore};
$after = "EOF" if !defined $after && !defined $before;
my ($ins, $ins_text);
if (defined $after && $after ne "EOF") { ($ins, $ins_text) = (compiled("insertafter", $after), $after) }
elsif (defined $before && $before ne "BOF") { ($ins, $ins_text) = (compiled("insertbefore", $before), $before) }
my ($begin, $end) = ($a{MARKER_TEMPLATE}, $a{MARKER_TEMPLATE});
$begin =~ s/\{mark\}/$a{pb_marker_begin}/g;
$end =~ s/\{mark\}/$a{pb_marker_end}/g;
$begin .= "\n";
$end .= "\n";
my $block = $a{pb_block};
my @block_lines;
if ($present && $block ne "") {
    $block .= "\n" unless $block =~ /\n\z/;
    @block_lines = ($begin, split_lines($block), $end);
}
my ($n0, $n1);
for my $i (0 .. $#lines) {
    $n0 = $i if $lines[$i] eq $begin;
    $n1 = $i if $lines[$i] eq $end;
}
if (!defined $n0 || !defined $n1) {
    undef $n0;
    if (defined $ins) {
        if ($ins_text =~ /\A\(\?[a-zA-Z]*m/) {
            my $text = defined $original ? $original : "";
            if ($text =~ $ins) {
                my $upto = defined $after ? $+[0] : $-[0];
                $n0 = () = substr($text, 0, $upto) =~ /\n/g;
            }
        } else {
            for my $i (0 .. $#lines) { $n0 = $i if $lines[$i] =~ $ins }
        }
        if (!defined $n0) { $n0 = scalar @lines }
        elsif (defined $after) { $n0++ }
    } elsif (defined $before) {
        $n0 = 0;
    } else {
        $n0 = scalar @lines;
    }
} elsif ($n0 < $n1) {
    splice @lines, $n0, $n1 - $n0 + 1;
} else {
    splice @lines, $n1, $n0 - $n1 + 1;
    $n0 = $n1;
}
$lines[$n0 - 1] .= "\n" if $n0 > 0 && $lines[$n0 - 1] !~ /\n\z/;
if ($a{pb_prepend_newline} eq "1" && $present && $n0 != 0 && $lines[$n0 - 1] ne "\n") {
    splice @lines, $n0, 0, "\n";
    $n0++;
}
splice @lines, $n0, 0, @block_lines;
if ($a{pb_append_newline} eq "1" && $present) {
    my $next = $n0 + @block_lines;
    splice @lines, $next, 0, "\n" if $next < @lines && $lines[$next] ne "\n";
}
my $result = join "", @lines;
open(my $out, ">:raw", $a{TF_NEW}) or die "cannot write $a{TF_NEW}: $!\n";
print $out $result;
close $out or die "cannot write $a{TF_NEW}: $!\n";
my ($changed, $msg) = (1, "");
if (defined $original && $original eq $result) { $changed = 0 }
elsif (!defined $original) { $msg = "File created" }
elsif (!@block_lines) { $msg = "Block removed" }
else { $msg = "Block inserted" }
print "$changed\n0\n$msg\n";
'

pb_probe() {
    tf_probe
    # As in Ansible, a missing file fails without `create` even when the block is to be absent.
    if [ "$TF_EXISTS" = 0 ]; then
        if [ "$pb_create" != 1 ]; then
            pb_add_int rc 257
            pb_fail "Path $TF_PATH does not exist !"
        fi
        if [ "$pb_state" = absent ]; then
            pb_msg "File $TF_PATH not present"
            pb_exit
        fi
    fi
}

pb_decide() {
    TF_READ=
    if [ "$TF_EXISTS" = 1 ]; then TF_READ=$TF_REAL; fi
    # Copied, not exported by name: shellcheck would take PB_MARKER for a misspelling of it.
    MARKER_TEMPLATE=$pb_marker
    export TF_READ TF_NEW MARKER_TEMPLATE pb_state pb_block pb_marker_begin pb_marker_end pb_insertafter pb_insertbefore \
        pb_append_newline pb_prepend_newline
    tf_decide "$BLOCKINFILE_PL"
}

pb_report() {
    tf_report
    if [ -n "$TF_BACKUP" ]; then pb_add_str backup_file "$TF_BACKUP"; fi
}

pb_main
