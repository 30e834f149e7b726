"""The generated corpus: other departments, years and amounts, the same check statuses."""
from dataclasses import replace
from decimal import Decimal

import pytest

from analysis.corpus import (FIRST_YEAR, OTHER_DEPARTMENT_TYPES, YEARS, check_statuses, department_slot, derive, generate,
                             load_source, other_department_types, places_of_level)
from analysis.store.document_records import extract_file
from conftest import RAW

# 收入总计 of each sample document as printed, in 万元 (003 prints 8749600.00 元)
INCOME_GRAND_WAN = {
    "000_09a266ca87a25e76": Decimal("2654.58"),
    "001_dcb022360a949ccc": Decimal("6518.64"),
    "003_0009a8a70f279992": Decimal("874.96"),
    "004_2b42c7e91b774342": Decimal("1737.68"),
}
DOCUMENTS = 3 * YEARS + 1  # one department of each sample document, the last with one year


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(sorted(RAW.glob("*.txt")), tmp_path_factory.mktemp("corpus"), DOCUMENTS, seed=7)


def income_grand(extraction) -> Decimal:
    return next(t["amount_wan"] for t in extraction.records["totals"] if t["item"] == "income_grand")


def test_generated_documents_keep_their_sources_check_statuses(corpus, extract):
    assert len(corpus) == DOCUMENTS
    for path in corpus:
        stem = path.stem.split("_", 1)[1]
        source = extract(RAW / f"{stem}.txt")
        generated = extract(path)
        assert check_statuses(generated) == check_statuses(source), path.name
        factor = income_grand(generated) / INCOME_GRAND_WAN[stem]
        assert factor in range(1, 6), path.name
        document, original = generated.records["documents"][0], source.records["documents"][0]
        assert document["department_name"] != original["department_name"]
        assert document["department_name"].endswith("医疗保障局")
        assert FIRST_YEAR <= document["budget_year"] < FIRST_YEAR + YEARS


def test_a_department_has_one_document_per_year(corpus, extract):
    first = [extract(p).records["documents"][0] for p in corpus[:YEARS]]
    assert len({d["department_name"] for d in first}) == 1
    assert [d["budget_year"] for d in first] == list(range(FIRST_YEAR, FIRST_YEAR + YEARS))


def test_the_same_seed_gives_the_same_bytes(corpus, tmp_path):
    again = generate(sorted(RAW.glob("*.txt")), tmp_path / "again", DOCUMENTS, seed=7)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in corpus]
    other = generate(sorted(RAW.glob("*.txt")), tmp_path / "other", YEARS, seed=8)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in corpus[:YEARS]]


def test_departments_come_back_as_other_departments_of_the_same_places_not_other_years():
    places = 334  # prefectures of the gazetteer
    slots = [department_slot(rank, places) for rank in range(3 * places)]
    assert slots[0] == (0, None, 0) and slots[places - 1] == (places - 1, None, 0)
    assert slots[places] == (0, 0, 0) and slots[2 * places + 5] == (5, 1, 0)
    assert len(set(slots)) == len(slots)
    assert department_slot((len(OTHER_DEPARTMENT_TYPES) + 1) * places, places) == (0, None, 1)


def test_another_department_of_a_place_is_named_and_keyed_as_that_department(extract, tmp_path):
    source = load_source(RAW / "003_0009a8a70f279992.txt")
    place = places_of_level("prefecture")[0]
    path = tmp_path / "other.txt"
    path.write_text(derive(source, place, FIRST_YEAR, 1, "123", "财政局"), encoding="utf-8")
    generated, original = extract(path), extract(RAW / "003_0009a8a70f279992.txt")
    document = generated.records["documents"][0]
    assert document["department_name"] == f"{place.name}财政局"
    assert document["budget_year"] == FIRST_YEAR
    assert check_statuses(generated) == check_statuses(original)


def test_a_source_gets_no_second_department_of_its_own_type():
    source = load_source(RAW / "003_0009a8a70f279992.txt")
    assert source.type_printed == "医疗保障局"
    assert other_department_types(source) == OTHER_DEPARTMENT_TYPES
    finance = other_department_types(replace(source, type_printed="财政局"))
    assert "财政局" not in finance and len(finance) == len(OTHER_DEPARTMENT_TYPES) - 1
