// The Reporting layer.
