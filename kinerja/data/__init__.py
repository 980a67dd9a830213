"""Reading a data folder: the data dictionary, files, validation, the Dataset and its engines."""
