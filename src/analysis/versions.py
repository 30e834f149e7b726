"""Several documents of one department and budget year (a corrected re-publication, the
same budget downloaded from two sites in two renderings): all are kept, and the catalogue's
`document_departments` view marks the one its panel uses (`is_current`: the one with more
standard tables found, then the later file name; nothing in the files' mtimes, which a copy
changes). `budget extract` warns about each such group so that the choice is seen."""
from __future__ import annotations

from .departments import department_key


def same_department_year(documents: list[dict]) -> list[list[dict]]:
    """Groups of two or more `documents` rows with one department key and budget year."""
    groups: dict[tuple, list[dict]] = {}
    for doc in documents:
        if doc["department_name"] and doc["budget_year"]:
            key = department_key(doc["department_name"], doc["province_zh"]).department_key
            groups.setdefault((key, doc["budget_year"]), []).append(doc)
    return [group for group in groups.values() if len(group) > 1]


def version_warnings(documents: list[dict]) -> list[str]:
    """One line per group of versions, naming its files."""
    return [f"{', '.join(d['source_file'] for d in group)}: {len(group)} versions of {group[0]['department_name']} "
            f"{group[0]['budget_year']}, all kept; the catalogue's views use one (document_departments.is_current: "
            "more standard tables found, then the later file name)"
            for group in same_department_year(documents)]
