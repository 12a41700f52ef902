"""`python -m walkthroughs` is the `walkthrough` command."""

from .cli import main

main()
