"""environment.yml and pyproject.toml list the same dependencies."""
import re
import tomllib

from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d) for d in project["dependencies"]}
    wanted |= {_name(d) for deps in project["optional-dependencies"].values() for d in deps}
    listed = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z][\w.-]*)", line)
        if m and m.group(1).lower() not in {"python", "pip"}:
            listed.add(m.group(1).lower())
    assert listed == wanted
