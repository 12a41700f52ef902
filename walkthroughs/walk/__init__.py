"""The walker: a browser, a journey's stages and steps in order, timed, with evidence kept as it arrives. It never judges."""
