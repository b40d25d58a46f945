"""One module per fact family; each takes a Doc and returns what it found, with spans."""
