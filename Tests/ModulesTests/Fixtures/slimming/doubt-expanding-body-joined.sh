    cat <<EOF
    a line joined \
EOF
    with this one
EOF
    # kept
