    # Backquotes nest quotes their own way.
    now=`date +%s`
    # kept
