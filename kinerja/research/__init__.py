"""Research on resistance to change: scales, reliability, group comparisons, regression, survival."""
