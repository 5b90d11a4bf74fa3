#!/bin/sh
# Here-document bodies keep every byte: quotes, `#`, indentation, blank lines.
show() {
    cat <<EOF
  # not a comment: $1's "body"
	tab-indented, 'unbalanced

EOF
    # A comment between bodies.
    cat <<'END' <<-"TABS"
    $literal # kept
  END
END
	stripped body line
	TABS
    cat <<\DONE | sed 's/#/+/'
    # literal
DONE
    x=$(tr a b <<'IN'
    inside # a substitution
IN
    )
    echo "$x"
}
