from blogwire.cli import main

main()
