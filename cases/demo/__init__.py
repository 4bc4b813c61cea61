"""Demo data for `seed_demo` and `generate_cases`: an organisation, staff, realistic cases."""
