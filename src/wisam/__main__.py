"""`python -m wisam` is the same as the `wisam` command."""

from wisam.cli import main

main()
