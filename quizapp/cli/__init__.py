"""The `flask bank` and `flask user` commands: they sit above the domain packages they combine."""
