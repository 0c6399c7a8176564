"""Lay the tables out as the national format prints them: header rows and merged label cells. Pure."""

from .tables import data_rows, table_def, value_columns


def header_rows(table: dict) -> list[list[dict]]:
    """Return header rows of cells {text, colspan, rowspan} built from the column paths."""
    columns = value_columns(table)
    depth = max(len(c["path"]) for c in columns)
    rows: list[list[dict]] = [[] for _ in range(depth)]
    width = label_columns(table)
    if width:
        labels = [c for c in table["columns"] if c.get("kind") == "row_label"]
        stated = next((r.get("text", "") for r in table.get("rules", []) if r.get("status") == "official_stated"), "")
        rows[0].append({"text": labels[0]["path"][-1] if labels else stated, "colspan": width, "rowspan": depth})
    for level in range(depth):
        i = 0
        while i < len(columns):
            path = columns[i]["path"]
            if len(path) <= level:
                i += 1
                continue
            j = i
            while (j + 1 < len(columns) and len(columns[j + 1]["path"]) > level
                   and columns[j + 1]["path"][:level + 1] == path[:level + 1]):
                j += 1
            rowspan = depth - level if level == len(path) - 1 else 1
            rows[level].append({"text": path[level], "colspan": j - i + 1, "rowspan": rowspan})
            i = j + 1
    return rows


def label_columns(table: dict) -> int:
    """Return how many label columns the body needs (3 for section 三, else 1; 0 for section 四)."""
    if not any(c.get("kind") == "row_label" for c in table["columns"]) and table["id"] == "t4":
        return 0
    return max(len(r["path"]) for r in table["rows"]) if table["id"] == "t3" else 1


def body_rows(table: dict, values: dict[str, list]) -> list[dict]:
    """Return body rows: label cells with row spans for merged groups, then the values."""
    width = label_columns(table)
    rows = data_rows(table)
    result = []
    for index, row in enumerate(rows):
        path = row["path"]
        cells = []
        for level, text in enumerate(path):
            is_last = level == len(path) - 1
            if not is_last:
                # A group label is printed once, on the first row of its group.
                if index > 0 and rows[index - 1]["path"][:level + 1] == path[:level + 1]:
                    continue
                span = sum(1 for r in rows[index:] if r["path"][:level + 1] == path[:level + 1])
                cells.append({"text": text, "colspan": 1, "rowspan": span})
            else:
                cells.append({"text": text, "colspan": width - level, "rowspan": 1})
        result.append({"id": row["id"], "labels": cells if width else [], "values": values.get(row["id"], [])})
    return result


def layout(fmt: str, table_id: str, values: dict[str, list]) -> dict:
    """Return everything a renderer needs for one table."""
    table = table_def(fmt, table_id)
    columns = [c["id"] for c in value_columns(table)]
    body = body_rows(table, values)
    for row in body:
        row["cells"] = [{"column": c, "value": v} for c, v in zip(columns, row["values"], strict=False)]
    return {"id": table_id, "caption": table.get("caption") or "", "title": table["title"],
            "header": header_rows(table), "body": body, "width": label_columns(table) + len(columns),
            "columns": columns}
