"""The ``tsumitate`` command line (Click). Each command lives in its own module, imported lazily."""
