"""The click command line: the only place that prints, reads arguments and exits."""
