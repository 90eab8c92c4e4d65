"""API views, one module per concept. Views are thin: they parse, call a service or selector, serialize."""
