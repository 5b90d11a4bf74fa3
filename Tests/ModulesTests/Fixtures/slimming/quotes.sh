    # An awk program in single quotes spans lines; its `#` lines are awk's.
    awk '
        # an awk comment, kept
        $1 == "it" { print "#" }   # still awk

    ' /etc/hostname
    echo "it's # not a comment
        and the string goes on,   indented"
    echo \'  # a quoted quote, then a comment with an ' in it
    echo "a \" b # in the string" \
        continued    # the continuation keeps its indentation
    echo 'one'"two"\
  three
    # A comment that ends in a backslash does not continue \
    echo next
