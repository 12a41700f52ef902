"""Scenarios written from what a person did: Chrome DevTools Recorder exports imported, a walk through the shop
recorded, and the first stage's locators checked against the live page before any journey is walked."""
