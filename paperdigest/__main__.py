from paperdigest.cli import main

main()
