"""dxoffice: the platform a province uses to run its digital-transformation program."""
