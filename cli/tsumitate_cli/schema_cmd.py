"""``tsumitate schema``: the JSON Schema of the case file."""

import json

import click


@click.command()
def schema():
    """Print the JSON Schema of the case file (contract.md, 'Case file')."""
    from tsumitate.model.case import Case

    click.echo(json.dumps(Case.model_json_schema(), ensure_ascii=False, indent=2))
