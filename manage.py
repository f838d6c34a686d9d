#!/usr/bin/env python
from dxoffice.cli import main

if __name__ == "__main__":
    main()
