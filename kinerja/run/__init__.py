"""Running a quarter: parameters, the notebook runner and the command line."""
