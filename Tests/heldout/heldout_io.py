"""What the held-out generators share: a labelled record, and writing the records beside the script."""
import json
import os


def labelled(records, text, value, label, **fields):
    """Appends the record of `text` holding `value` of type `label`, with code-point offsets of the value."""
    start = text.index(value)
    records.append({"id": len(records), **fields, "text": text, "type": label, "start": start, "end": start + len(value)})


def write(records, name, what):
    """Writes `records` as JSON lines to `name` beside this file and says how many `what` it wrote."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} {what} written to {path}")
