from unionparse.cli import main

main()
