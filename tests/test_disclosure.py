"""Disclosure-quality checks on a sample document changed by hand: template residue and
an amount printed with three decimals are flagged on the line they are printed on."""
from analysis.store.document_records import extract_file
from conftest import RAW


def test_template_residue_and_over_precise_amounts_are_flagged(tmp_path):
    lines = (RAW / "000_09a266ca87a25e76.txt").read_text(encoding="utf-8").split("\n")
    assert lines[100].startswith("4\t2080501\t行政单位离退休\t0.62\t")  # line 101
    lines[100] = lines[100].replace("\t0.62\t", "\t0.625\t", 1)
    assert lines[425].startswith("收支预算总表支出栏")  # line 426, a paragraph of the text
    lines[425] = "本部门XXXX年预算" + lines[425]
    changed = tmp_path / "changed.txt"
    changed.write_text("\n".join(lines), encoding="utf-8")
    checks = extract_file(changed).records["checks"]
    flagged = {(c["check_id"], c["source_line"]) for c in checks if c["status"] == "mismatch"
               and c["check_id"] in ("disclosure_amount_precision", "disclosure_template_residue")}
    assert flagged == {("disclosure_amount_precision", 101), ("disclosure_template_residue", 426)}
    unchanged = extract_file(RAW / "000_09a266ca87a25e76.txt").records["checks"]
    assert not [c for c in unchanged if c["check_id"] in ("disclosure_amount_precision", "disclosure_template_residue")]
