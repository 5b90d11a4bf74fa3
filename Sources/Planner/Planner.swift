// The Planner layer.
