"""Excel in and out of the program register: the annual-plan template, the plan import and the
register export. The column layout in `columns` is the one contract the three share."""
