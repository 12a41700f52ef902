"""Friction: the detectors that judge a walk's evidence, their registry, and the scores made from their findings."""
