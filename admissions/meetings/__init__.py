"""Recovery meetings: NA, AA and other fellowships, imported from Meeting Guide and BMLT feeds."""
