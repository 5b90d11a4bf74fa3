echo from script
