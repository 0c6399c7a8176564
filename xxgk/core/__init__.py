"""Pure library: rules and arithmetic over plain values. Imports nothing from Django."""
