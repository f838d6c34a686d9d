from dxoffice.cli import main

main()
