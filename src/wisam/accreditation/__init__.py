"""National accreditation by AQAC, NQF registration, the public register and the trust list."""
