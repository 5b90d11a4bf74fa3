// The PlaybookModel layer.
