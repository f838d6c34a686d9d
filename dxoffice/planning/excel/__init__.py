"""Excel in and out of the program register: the annual-plan template, the plan import (as a
background job for large files) and the register export. The column layout in `columns` is the one
contract the three share; the generic building blocks are in `dxoffice.core.excel`."""
