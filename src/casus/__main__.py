from casus.cli import main

main()
