"""walkthroughs: a mystery shopper for web shops — walks customer journeys in a real browser and maps the friction."""

__version__ = "0.1.0"
