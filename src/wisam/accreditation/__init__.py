"""National accreditation by AQAC: guidelines, applications, decisions, the public register and the trust list."""
