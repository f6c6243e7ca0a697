"""Scenario files: a case with the result an office agreed it should have (contract.md, 'Scenario file')."""
