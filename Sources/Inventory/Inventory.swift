// The Inventory layer.
