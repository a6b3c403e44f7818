"""Reading and checking: data folder -> YAML (safely) -> validated records -> cross-references and derived
indexes, with every problem worded for editors (file, line, what is wrong, how to fix it). Entry point: loader.load."""
