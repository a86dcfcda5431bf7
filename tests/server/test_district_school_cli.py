"""Schools from the command line of a district: `new --school`, `bundle import --school`, `move`.

Child processes of the real entry point, each person on their own login's URL; a laptop's data
folder makes the bundle that goes to the district and comes back.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from app.district.directory import grant_role
from tests.conftest import new_teams_assessment, run_cli
from tests.server.district import HILLSIDE, RIVERSIDE, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

NEW = ["new", "--checklist", "e2ee-calls-meetings", "--org", "O", "--title", "T"]
NEW += ["--scope", "platform=teams"]  # on the district the signed-in person's name is recorded


def _as(district: District, who: str, data: Path, *words: str) -> subprocess.CompletedProcess[str]:
    url = district.server.url(district.database, district.login(who))
    result = run_cli("--database-url", url, *words, data_dir=data)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_coordinator_of_two_schools_names_one_and_the_dpo_moves_it(
    district: District, tmp_path: Path
) -> None:
    with district.admin() as conn:
        grant_role(conn, district.login("ada"), "coordinator", RIVERSIDE)
    data = tmp_path / "ada"

    refused = _as(district, "ada", data, *NEW)
    assert refused.returncode == 1
    assert refused.stderr == (
        "error: you coordinate more than one school: say which school the assessment is for "
        f"(one of: {HILLSIDE}, {RIVERSIDE})\n"
    )
    made = _as(district, "ada", data, *NEW, "--school", RIVERSIDE)
    assert made.returncode == 0, made.stderr
    assessment_id = made.stdout.strip()

    # Ben (Riverside's) sees it; after the DPO moves it to Hillside he no longer does.
    assert _as(district, "ben", data, "show", assessment_id).returncode == 0
    moved = _as(district, "dora", data, "move", assessment_id, "--school", HILLSIDE)
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout == (
        f"moved {assessment_id} from the school {RIVERSIDE} to the school {HILLSIDE}\n"
    )
    assert _as(district, "ben", data, "show", assessment_id).returncode == 1
    assert _as(district, "ada", data, "history", assessment_id, "--verify").returncode == 0
    history = _as(district, "ada", data, "history", assessment_id)
    assert f"moved from the school {RIVERSIDE}" in history.stdout

    # Ben may not move it back: not a school of his to choose, in one line.
    back = _as(district, "ben", data, "move", assessment_id, "--school", RIVERSIDE)
    assert back.returncode == 1
    assert back.stderr.startswith("error: ") and back.stderr.count("\n") == 1


def test_a_laptops_bundle_is_put_in_the_school_named_and_comes_back_verified(
    district: District, tmp_path: Path
) -> None:
    with district.admin() as conn:
        grant_role(conn, district.login("ada"), "coordinator", RIVERSIDE)
    laptop, office = tmp_path / "laptop", tmp_path / "office"
    assessment_id = new_teams_assessment(laptop, by="Ada")
    bundle = tmp_path / "out.cdesk"
    run_cli("bundle", "export", assessment_id, str(bundle), data_dir=laptop, check=True)

    words = ["bundle", "import", str(bundle), "--json"]
    refused = _as(district, "ada", office, *words)
    assert refused.returncode == 1 and "more than one school" in refused.stderr
    added = _as(district, "ada", office, *words, "--school", HILLSIDE)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout).items() >= {"outcome": "added", "school": HILLSIDE}.items()

    back = tmp_path / "back.cdesk"
    exported = _as(district, "ada", office, "bundle", "export", assessment_id, str(back))
    assert exported.returncode == 0, exported.stderr
    updated = run_cli("bundle", "import", str(back), "--json", data_dir=laptop, check=True)
    assert json.loads(updated.stdout)["outcome"] == "updated"
    run_cli("history", assessment_id, "--verify", data_dir=laptop, check=True)
    history = run_cli("history", assessment_id, data_dir=laptop, check=True)
    assert f"put in the school {HILLSIDE}" in history.stdout


def test_a_dry_run_says_the_school_before_that_nothing_was_written(
    district: District, tmp_path: Path
) -> None:
    laptop, office = tmp_path / "laptop", tmp_path / "office"
    assessment_id = new_teams_assessment(laptop, by="Ada")
    bundle = tmp_path / "out.cdesk"
    run_cli("bundle", "export", assessment_id, str(bundle), data_dir=laptop, check=True)
    dry = _as(district, "dora", office, "bundle", "import", str(bundle), "--dry-run")
    dry_school = _as(
        district, "dora", office, "bundle", "import", str(bundle), "--dry-run", "--school", HILLSIDE
    )
    assert dry.returncode == 0 and dry_school.returncode == 0, dry.stderr + dry_school.stderr
    (line,) = dry.stdout.splitlines()
    (line_school,) = dry_school.stdout.splitlines()
    assert line.startswith(f"would add assessment {assessment_id}: ")
    no_school = ", in no school (the district's own: only the DPO and auditors see it)"
    assert line.endswith(f"{no_school}; nothing was written")
    assert line_school == line.replace(no_school, f", in the school {HILLSIDE}")


def test_an_import_naming_another_school_names_the_move_command(
    district: District, tmp_path: Path
) -> None:
    laptop, office = tmp_path / "laptop", tmp_path / "office"
    assessment_id = new_teams_assessment(laptop, by="Ada")
    bundle = tmp_path / "out.cdesk"
    run_cli("bundle", "export", assessment_id, str(bundle), data_dir=laptop, check=True)
    words = ["bundle", "import", str(bundle)]
    assert _as(district, "dora", office, *words, "--school", HILLSIDE).returncode == 0
    refused = _as(district, "dora", office, *words, "--school", RIVERSIDE)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: assessment {assessment_id} is in this workspace already, in {HILLSIDE}: the "
        "import keeps its school; import it without --school, then move it with: "
        f'compliance-desk move {assessment_id} --school "{RIVERSIDE}"\n'
    )


def test_list_and_show_say_the_school_in_words_and_json(district: District, tmp_path: Path) -> None:
    data = tmp_path / "office"
    made = _as(district, "dora", data, *NEW, "--school", HILLSIDE)
    assert made.returncode == 0, made.stderr
    in_hillside = made.stdout.strip()
    own = _as(district, "dora", data, *NEW, "--school", HILLSIDE)
    assert own.returncode == 0, own.stderr
    moved = _as(district, "dora", data, "move", own.stdout.strip(), "--school", RIVERSIDE)
    assert moved.returncode == 0, moved.stderr
    districts_own = _as(district, "dora", data, *NEW).stdout.strip()  # the DPO names none

    listed = json.loads(_as(district, "dora", data, "list", "--json").stdout)
    assert {row["id"]: row["school"] for row in listed} == {
        in_hillside: HILLSIDE,
        own.stdout.strip(): RIVERSIDE,
        districts_own: None,
    }
    table = _as(district, "dora", data, "list").stdout.splitlines()
    header = table[0].split()
    assert header[:3] == ["ID", "ORGANISATION", "SCHOOL"]
    (hillside_line,) = [line for line in table if line.startswith(in_hillside[:12])]
    assert HILLSIDE in hillside_line
    (own_line,) = [line for line in table if line.startswith(districts_own[:12])]
    assert own_line.split()[2] == "-"

    shown = json.loads(_as(district, "dora", data, "show", in_hillside, "--json").stdout)
    assert shown["school"] == HILLSIDE
    text = _as(district, "dora", data, "show", in_hillside).stdout.splitlines()
    assert f"School: {HILLSIDE}" in text
    text = _as(district, "dora", data, "show", districts_own).stdout.splitlines()
    assert "School: none (the district's own)" in text
    # Ben, Riverside's coordinator, sees his school's only, and its name.
    (bens,) = json.loads(_as(district, "ben", data, "list", "--json").stdout)
    assert (bens["id"], bens["school"]) == (own.stdout.strip(), RIVERSIDE)


def test_the_assessor_is_the_person_signed_in_unless_another_is_named(
    district: District, tmp_path: Path
) -> None:
    data = tmp_path / "office"  # no name saved on this laptop
    made = _as(district, "dora", data, *NEW, "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["assessor"] == "Dora District"
    named = _as(district, "dora", data, *NEW, "--assessor", "Ada Lovelace", "--json")
    assert json.loads(named.stdout)["assessor"] == "Ada Lovelace"
