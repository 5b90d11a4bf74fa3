    # A body that never ends runs to the end of the program.
    cat <<'EOF'
    # kept
