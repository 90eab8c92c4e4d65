"""Pure text detectors (crisis language, spam, off-topic); see docs/detectors.md."""
